import type { PreState } from '@changesets/types';
import type { Access } from '@trustpub/core';

/** What the registry holds for one package, as far as changesets' tag rules need it. */
export interface PublishedState {
  versions: readonly string[];
  distTags: Readonly<Record<string, string>>;
}

/**
 * The dist-tag changesets 3 publishes a version under: `--tag`, else the pre-mode tag, else `latest`.
 * The exception ("only-pre"): in pre mode, a package whose every published version is a prerelease
 * with the pre tag's id, and to which the registry already gave a `latest` tag, goes to `latest`,
 * because it has never had a normal release.
 */
export function releaseTag(input: {
  cliTag: string | undefined;
  preState: PreState | undefined;
  published: PublishedState | undefined;
}): { tag: string; onlyPre: boolean } {
  if (input.cliTag) return { tag: input.cliTag, onlyPre: false };
  if (input.preState === undefined) return { tag: 'latest', onlyPre: false };
  const onlyPre = isOnlyPre(input.published, input.preState.tag);
  return { tag: onlyPre ? 'latest' : input.preState.tag, onlyPre };
}

function isOnlyPre(published: PublishedState | undefined, preTag: string): boolean {
  if (published === undefined || !published.distTags.latest) return false;
  return published.versions.every((version) => prereleaseId(version) === preTag);
}

/** The first prerelease identifier of a semver version (`1.0.0-next.2+b` -> `next`). */
export function prereleaseId(version: string): string | undefined {
  const withoutBuild = version.split('+')[0] ?? version;
  const dash = withoutBuild.indexOf('-');
  if (dash === -1) return undefined;
  return withoutBuild.slice(dash + 1).split('.')[0];
}

/**
 * The access changesets would pass (`publishConfig.access`, else the config's `access`), except that
 * the repository-wide `restricted` default is never applied to an unscoped name: npm refuses that with
 * EUNSCOPED, and an unscoped package is public anyway. An explicit `publishConfig.access` is left to
 * the core, which explains why it cannot work.
 */
export function releaseAccess(
  name: string,
  manifestAccess: Access | undefined,
  configAccess: Access,
): Access | undefined {
  if (manifestAccess !== undefined) return manifestAccess;
  if (configAccess === 'restricted' && !name.startsWith('@')) return undefined;
  return configAccess;
}
