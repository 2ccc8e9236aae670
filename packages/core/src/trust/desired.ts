import { FIXES, TrustpubError } from '../errors/index.js';
import type { TrustSyncConfig } from './config-file.js';
import { resolveTrustRequest } from './input.js';
import type { TrustFlags, TrustRequest } from './types.js';

/** A package `trust sync` looks at. */
export interface TrustTarget {
  name: string;
  dir: string;
  manifest: Readonly<Record<string, unknown>>;
  private?: boolean;
}

/**
 * The desired configuration of every publishable package: the config file's settings, then its
 * per-package override, then the command-line flags; private packages and packages set to `false`
 * are left out. A package without `repository` uses the repository root's, since monorepo packages
 * often leave it to the root. Validation is `npm trust`'s, per package.
 */
export function desiredTrust(
  targets: readonly TrustTarget[],
  config: TrustSyncConfig,
  flags: Partial<TrustFlags>,
  rootManifest: Readonly<Record<string, unknown>> = {},
): { request: TrustRequest; dir: string }[] {
  const out: { request: TrustRequest; dir: string }[] = [];
  const { packages = {}, ...shared } = config;
  for (const target of targets) {
    if (target.private || target.manifest.private === true) continue;
    const override = packages[target.name];
    if (override === false) continue;
    const merged = { ...shared, ...(override ?? {}), ...definedOnly(flags) } as Partial<TrustFlags>;
    if (!merged.provider) {
      throw new TrustpubError('TRUST_INVALID_INPUT', 'No provider given for trust sync.', {
        hint: FIXES.TRUST_INVALID_INPUT.noProvider,
      });
    }
    const manifest =
      target.manifest.repository === undefined && rootManifest.repository !== undefined
        ? { ...target.manifest, repository: rootManifest.repository }
        : target.manifest;
    let request: TrustRequest;
    try {
      request = resolveTrustRequest(merged as TrustFlags, manifest, target.name);
    } catch (error) {
      // In a run over many packages the message must say which one; npm's own text follows unchanged.
      if (!(error instanceof TrustpubError)) throw error;
      throw new TrustpubError(error.code, `${target.name}: ${error.message}`, {
        hint: error.hint,
        packageName: target.name,
        cause: error,
      });
    }
    out.push({ request, dir: target.dir });
  }
  return out;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
