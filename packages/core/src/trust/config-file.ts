import { readFile } from 'node:fs/promises';
import { FIXES, TrustpubError } from '../errors/index.js';
import type { TrustFlags, TrustProvider } from './types.js';

/** Per-package settings in the config file: overrides, or `false` to leave the package out. */
export type TrustPackageOverride = Partial<Omit<TrustFlags, 'provider'>> | false;

/** `.trustpub.json` (or `--config FILE`): the trusted publisher every package of the repository should have. */
export interface TrustSyncConfig extends Partial<TrustFlags> {
  packages?: Record<string, TrustPackageOverride>;
}

const STRING_KEYS = [
  'file',
  'repository',
  'project',
  'environment',
  'orgId',
  'projectId',
  'pipelineDefinitionId',
  'vcsOrigin',
] as const;
const BOOLEAN_KEYS = ['allowPublish', 'allowStagePublish'] as const;
const PROVIDERS: readonly TrustProvider[] = ['github', 'gitlab', 'circleci'];
const KEYS = ['provider', ...STRING_KEYS, 'contextIds', ...BOOLEAN_KEYS, 'packages'].join(', ');

function bad(file: string, what: string): TrustpubError {
  return new TrustpubError('TRUST_INVALID_INPUT', `${file}: ${what}`, {
    hint: FIXES.TRUST_INVALID_INPUT.configFile({ keys: KEYS }),
  });
}

function checkFlags(
  file: string,
  where: string,
  value: Record<string, unknown>,
  allowProvider: boolean,
): void {
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema' && allowProvider) continue;
    if (key === 'provider' && allowProvider) {
      if (!PROVIDERS.includes(v as TrustProvider))
        throw bad(
          file,
          `${where}"provider" must be one of ${PROVIDERS.join(', ')} (got ${JSON.stringify(v)})`,
        );
    } else if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (typeof v !== 'string' || !v)
        throw bad(file, `${where}"${key}" must be a non-empty string`);
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof v !== 'boolean') throw bad(file, `${where}"${key}" must be true or false`);
    } else if (key === 'contextIds') {
      if (!Array.isArray(v) || v.some((c) => typeof c !== 'string'))
        throw bad(file, `${where}"contextIds" must be an array of strings`);
    } else if (!(key === 'packages' && allowProvider)) {
      throw bad(file, `unknown key ${where}"${key}"`);
    }
  }
}

/** Reads and checks the config file; unknown keys are errors so a typo never goes unnoticed. */
export async function readTrustConfigFile(file: string): Promise<TrustSyncConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TrustpubError(
      'TRUST_INVALID_INPUT',
      `Cannot read the trust config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        hint: FIXES.TRUST_INVALID_INPUT.configFileUnreadable,
        cause: error,
      },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw bad(file, `not valid JSON (${(error as Error).message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw bad(file, 'must hold a JSON object');
  const config = data as Record<string, unknown>;
  checkFlags(file, '', config, true);
  if (config.packages !== undefined) {
    if (!config.packages || typeof config.packages !== 'object' || Array.isArray(config.packages))
      throw bad(file, '"packages" must be an object keyed by package name');
    for (const [name, o] of Object.entries(config.packages as Record<string, unknown>)) {
      if (o === false) continue;
      if (!o || typeof o !== 'object' || Array.isArray(o))
        throw bad(file, `packages["${name}"] must be an object or false`);
      checkFlags(file, `packages["${name}"].`, o as Record<string, unknown>, false);
    }
  }
  return config;
}
