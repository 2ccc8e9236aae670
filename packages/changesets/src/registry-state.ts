import type { Packument } from '@trustpub/core';
import type { PublishedState } from './release-tag.js';

/**
 * The versions and dist-tags the registry holds for a package, for pre mode's only-pre rule, taken from
 * the packument the core's plan already read (no second request). A package the registry does not know,
 * or does not show (restricted without a read token), has no published state.
 */
export function publishedState(packument: Packument | undefined): PublishedState | undefined {
  return packument
    ? { versions: [...packument.versions.keys()], distTags: packument.distTags }
    : undefined;
}
