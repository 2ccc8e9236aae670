import type { Access } from '@trustpub/core/startup';
import { oneOf, packAsOption, registryUrl } from '../args.js';
import type { Selection } from './selection.js';

/**
 * The options `trustpub publish` and `trustpub doctor` share: doctor takes a publish command line as it
 * is, so both read them here, with the same checks (a bad value is a usage error in both).
 */
export const RELEASE_OPTIONS = {
  workspaces: { type: 'boolean' },
  registry: { type: 'string' },
  access: { type: 'string' },
  provenance: { type: 'boolean' },
  'fallback-token-env': { type: 'string' },
  'allow-file': { type: 'string', multiple: true },
  'pack-as': { type: 'string' },
  'ignore-scripts': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The parsed values of RELEASE_OPTIONS, as node's parseArgs gives them. */
interface ReleaseValues {
  workspaces?: boolean | undefined;
  registry?: string | undefined;
  access?: string | undefined;
  provenance?: boolean | undefined;
  'fallback-token-env'?: string | undefined;
  'allow-file'?: string[] | undefined;
  'pack-as'?: string | undefined;
  'ignore-scripts'?: boolean | undefined;
  json?: boolean | undefined;
  verbose?: boolean | undefined;
}

export interface ReleaseOptions {
  selection: Selection;
  registry: string | undefined;
  access: Access | undefined;
  provenance: boolean | undefined;
  fallbackTokenEnv: string | undefined;
  allowFiles: string[] | undefined;
  packAs: string | undefined;
  ignoreScripts: boolean;
  json: boolean;
  verbose: boolean;
}

/** Checks and normalises the shared options. */
export function releaseOptions(values: ReleaseValues, positionals: string[]): ReleaseOptions {
  return {
    selection: { workspaces: Boolean(values.workspaces), paths: positionals },
    registry: registryUrl(values.registry),
    access: oneOf(values.access, ['public', 'restricted'] as const, 'access'),
    provenance: values.provenance,
    fallbackTokenEnv: values['fallback-token-env'],
    allowFiles: values['allow-file']?.length ? values['allow-file'] : undefined,
    packAs: packAsOption(values['pack-as']),
    ignoreScripts: Boolean(values['ignore-scripts']),
    json: Boolean(values.json),
    verbose: Boolean(values.verbose),
  };
}
