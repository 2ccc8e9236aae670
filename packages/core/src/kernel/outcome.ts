import type { PublishResult } from './types.js';

/**
 * What a result means for the registry, the one question a report must answer truthfully:
 * - `published`: the version is on the registry (published now or before, or uploaded and a later step
 *   such as the verification or a postpublish script failed);
 * - `not-published`: it is not there (refused, failed before the upload, skipped, or staged only);
 * - `unknown`: the upload was sent, its answer was lost and reading the registry failed too.
 */
export type PublishOutcome = 'published' | 'not-published' | 'unknown';

export function outcomeOf(result: PublishResult): PublishOutcome {
  if (result.status === 'published' || result.status === 'already-published') return 'published';
  if (result.status !== 'failed') return 'not-published';
  const published = result.error.details?.published;
  if (published === true) return 'published';
  if (published === 'unknown') return 'unknown';
  return 'not-published';
}
