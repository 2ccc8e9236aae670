import { readPackument, type CoreContext } from '@trustpub/core';
import type { PublishedState } from './release-tag.js';

/**
 * The versions and dist-tags the registry holds for a package, for pre mode's only-pre rule (the
 * core's plan says whether a version exists, not which versions and tags there are). A package the
 * registry does not know, or does not show (restricted without a read token), has no published state.
 */
export async function readPublishedState(
  name: string,
  registry: string,
  ctx: CoreContext,
): Promise<PublishedState | undefined> {
  const read = await readPackument(name, registry, { abbreviated: true }, ctx);
  if (read.kind !== 'found') return undefined;
  return { versions: [...read.packument.versions.keys()], distTags: read.packument.distTags };
}
