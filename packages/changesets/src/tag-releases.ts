import type { CoreContext } from '@trustpub/core';
import type { ButterflyLog } from './butterfly-log.js';
import { createGitTags, splitByTagStatus, type CreatedTag, type TagRelease } from './git-tags.js';
import type { OutputReport } from './output-report.js';
import type { ChangesetsPublishResult } from './publish-result.js';

/**
 * Tags what was published, then the private packages' tag-only releases, the way changesets 2 prints
 * it ("Creating git tags...", one `New tag:` line per tag, "found untagged projects:"). Each created tag
 * is recorded in the result and written to the NDJSON report as soon as it exists; existing tags are
 * left alone and not reported again.
 */
export async function tagReleases(
  input: { root: string; singlePackage: boolean; published: TagRelease[]; tagOnly: TagRelease[] },
  result: ChangesetsPublishResult,
  log: ButterflyLog,
  report: OutputReport | undefined,
  ctx: CoreContext,
): Promise<void> {
  const { root, singlePackage } = input;
  const onCreated = (t: CreatedTag) => {
    result.gitTags.push(t);
    report?.write({ type: 'git-tag', tag: t.tag, packageName: t.name });
    log.log('New tag: ', t.tag);
  };
  if (input.published.length)
    log.log(`Creating git tag${input.published.length > 1 ? 's' : ''}...`);
  const published = await createGitTags(root, input.published, singlePackage, ctx, onCreated);
  result.existingGitTags.push(...published.existing);
  if (!input.tagOnly.length) return;
  const { untagged, existing } = await splitByTagStatus(root, input.tagOnly, singlePackage, ctx);
  result.existingGitTags.push(...existing);
  if (!untagged.length) return;
  log.success('found untagged projects:');
  log.log(untagged.map((r) => `${r.name}@${r.version}`).join('\n'));
  await createGitTags(root, untagged, singlePackage, ctx, onCreated);
}
