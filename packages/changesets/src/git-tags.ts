import * as git from '@changesets/git';
import { FIXES, TrustpubError, type CoreContext } from '@trustpub/core';

/** A package version that gets a git tag. */
export interface TagRelease {
  name: string;
  version: string;
}

export interface CreatedTag extends TagRelease {
  tag: string;
}

export interface TagOutcome {
  created: CreatedTag[];
  /** Tags that already existed locally or on `origin`: not created again, not reported as new. */
  existing: CreatedTag[];
}

/** changesets' tag name: `name@version`, or `v<version>` in a single-package repository. */
export function gitTagName(release: TagRelease, singlePackage: boolean): string {
  return singlePackage ? `v${release.version}` : `${release.name}@${release.version}`;
}

/**
 * Splits releases by whether their tag exists locally or on `origin` (changesets' own check),
 * creating nothing. The remote is asked in `root` (changesets asks in the process cwd).
 */
export async function splitByTagStatus(
  root: string,
  releases: readonly TagRelease[],
  singlePackage: boolean,
  ctx: CoreContext,
): Promise<{ untagged: TagRelease[]; existing: CreatedTag[] }> {
  if (releases.length === 0) return { untagged: [], existing: [] };
  const local = await git.getAllTags(root).catch((error: unknown) => {
    throw new TrustpubError(
      'RELEASE_GIT_TAG_FAILED',
      `git could not list the tags in ${root}: ${error instanceof Error ? error.message.trim() : String(error)}.`,
      {
        hint: FIXES.RELEASE_GIT_TAG_FAILED.listTags,
      },
    );
  });
  const untagged: TagRelease[] = [];
  const existing: CreatedTag[] = [];
  for (const release of releases) {
    const tag = gitTagName(release, singlePackage);
    if (local.has(tag) || (await remoteTagExists(root, tag, ctx)))
      existing.push({ ...release, tag });
    else untagged.push(release);
  }
  return { untagged, existing };
}

/**
 * Creates annotated tags exactly as changesets does (`git tag <tag> -m <tag>` via `@changesets/git`),
 * skipping any that already exist, and never pushes. `onCreated` runs right after each tag exists,
 * so the caller's reports name exactly the tags that were made even if a later one fails.
 */
export async function createGitTags(
  root: string,
  releases: readonly TagRelease[],
  singlePackage: boolean,
  ctx: CoreContext,
  onCreated: (tag: CreatedTag) => void,
): Promise<TagOutcome> {
  const { untagged, existing } = await splitByTagStatus(
    root,
    dedupe(releases, singlePackage),
    singlePackage,
    ctx,
  );
  const created: CreatedTag[] = [];
  for (const release of untagged) {
    const tag = gitTagName(release, singlePackage);
    if (!(await git.tag(tag, root))) {
      throw new TrustpubError(
        'RELEASE_GIT_TAG_FAILED',
        `git could not create the tag ${tag} in ${root}.`,
        {
          hint: FIXES.RELEASE_GIT_TAG_FAILED.createTag,
          packageName: release.name,
        },
      );
    }
    const entry = { ...release, tag };
    created.push(entry);
    onCreated(entry);
  }
  return { created, existing };
}

/** A single-package repository has one tag per version however many entries name it. */
function dedupe(releases: readonly TagRelease[], singlePackage: boolean): TagRelease[] {
  const seen = new Set<string>();
  return releases.filter((r) => {
    const tag = gitTagName(r, singlePackage);
    if (seen.has(tag)) return false;
    seen.add(tag);
    return true;
  });
}

/**
 * `git ls-remote --tags origin -l <tag>` in `root`, through the context's spawn (which tolerates a child
 * that exits before reading its stdin). No `origin` (or no way to reach it) answers non-zero: like
 * changesets, that means "not on the remote"; so does git not starting at all.
 */
async function remoteTagExists(root: string, tag: string, ctx: CoreContext): Promise<boolean> {
  const run = await ctx
    .spawn('git', ['ls-remote', '--tags', 'origin', '-l', tag], {
      cwd: root,
      env: { ...ctx.env, GIT_TERMINAL_PROMPT: '0' },
    })
    .catch(() => undefined);
  return run?.code === 0 && run.stdout.trim() !== '';
}
