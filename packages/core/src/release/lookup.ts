import type { CoreContext } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import { readPackument, type Packument, packumentUrl } from '../registry/index.js';

/** What the plan's read found for one package's version. */
export type Lookup =
  | { kind: 'version-exists'; integrity?: string }
  | { kind: 'package-exists'; packument: Packument }
  | { kind: 'package-missing' | 'unknown' };

/** One packument read: does the registry have this version, this package, or neither? */
export async function lookup(
  name: string,
  version: string,
  registry: string,
  ctx: CoreContext,
): Promise<Lookup> {
  const read = await readPackument(name, registry, { abbreviated: true }, ctx);
  if (read.kind === 'not-found') return { kind: 'package-missing' };
  if (read.kind === 'other') {
    // A restricted package is invisible without a read token; the publish itself will tell.
    if (read.status === 401 || read.status === 403) return { kind: 'unknown' };
    throw new TrustpubError(
      'REGISTRY_HTTP_ERROR',
      `The registry answered ${read.status} to the packument request for ${name} (${packumentUrl(name, registry).href}).`,
      {
        hint:
          read.status >= 500
            ? FIXES.REGISTRY_HTTP_ERROR.serverError
            : FIXES.REGISTRY_HTTP_ERROR.refused,
        httpStatus: read.status,
        packageName: name,
      },
    );
  }
  const existing = read.packument.versions.get(version);
  // Kept for publishPackage, so it need not read the same packument again.
  if (!existing) return { kind: 'package-exists', packument: read.packument };
  return existing.integrity
    ? { kind: 'version-exists', integrity: existing.integrity }
    : { kind: 'version-exists' };
}
