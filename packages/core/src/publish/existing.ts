import semverGte from 'semver/functions/gte.js';
import semverMaxSatisfying from 'semver/ranges/max-satisfying.js';
import semverPrerelease from 'semver/functions/prerelease.js';
import type { CoreContext, PackedPackage, PublishResult } from '../kernel/index.js';
import { TrustpubError, isTrustpubError, FIXES } from '../errors/index.js';
import { fetchPackument, type Packument } from '../registry/index.js';

/** npm counts any failure to read the packument as "no versions"; only a bug is allowed through. */
export async function readPackument(
  name: string,
  registry: string,
  token: string | undefined,
  ctx: CoreContext,
): Promise<Packument | undefined> {
  try {
    return await fetchPackument(name, registry, token, ctx);
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    ctx.logger.debug(
      ctx.secrets.redact(
        `${name}: could not read the packument (${error.message}); treating it as unpublished`,
      ),
    );
    return undefined;
  }
}

/**
 * The version already on the registry: "already published" when its bytes are ours (a safe re-run),
 * `PUBLISH_VERSION_CONFLICT` when they differ, undefined when it is not there.
 */
export function sameVersion(
  packument: Packument | undefined,
  version: string,
  packed: PackedPackage,
  registry: string,
): PublishResult | undefined {
  const existing = packument?.versions.get(version);
  if (!existing) return undefined;
  const name = packed.manifest.name;
  if (existing.integrity !== packed.integrity)
    throw conflict(name, version, registry, existing.integrity, packed.integrity);
  return { status: 'already-published', name, version, registry, integrity: packed.integrity };
}

export function conflict(
  name: string,
  version: string,
  registry: string,
  stored: string | undefined,
  ours?: string,
): TrustpubError {
  return new TrustpubError(
    'PUBLISH_VERSION_CONFLICT',
    `${name}@${version} is already on ${registry} with different contents${stored ? ` (registry: ${stored}, this build: ${ours})` : ''}. Versions cannot be overwritten.`,
    {
      hint: FIXES.PUBLISH_VERSION_CONFLICT.published,
      packageName: name,
      details: { stored: stored ?? null, ours: ours ?? null },
    },
  );
}

/** npm refuses to move `latest` backwards implicitly (highest non-prerelease, non-deprecated version). */
export function checkLatestDowngrade(
  packument: Packument | undefined,
  version: string,
  explicitTag: boolean,
  name: string,
): void {
  if (!packument || explicitTag) return;
  const candidates = [...packument.versions.values()]
    .filter((v) => !v.deprecated && !semverPrerelease(v.version))
    .map((v) => v.version);
  const highest = semverMaxSatisfying(candidates, '*');
  if (highest && semverGte(highest, version)) {
    throw new TrustpubError(
      'CONFIG_LATEST_DOWNGRADE',
      `${name}@${version} would take the "latest" tag, but ${highest} is already published and higher.`,
      {
        hint: FIXES.CONFIG_LATEST_DOWNGRADE,
        packageName: name,
        details: { highest },
      },
    );
  }
}
