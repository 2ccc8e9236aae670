import path from 'node:path';
import { shouldSkipPackage } from '@changesets/should-skip-package';
import {
  FIXES,
  planRelease,
  TrustpubError,
  type Access,
  type CoreContext,
  type PlannedPackage,
  type ReleasePlan,
} from '@trustpub/core';
import type { ButterflyLog } from './butterfly-log.js';
import type { ChangesetsSetup } from './changesets-setup.js';
import type { TagRelease } from './git-tags.js';
import type { PackPlanEntry } from './pack-dir.js';
import type { ReleaseItem } from './release-engine.js';
import { publishedState } from './registry-state.js';
import { releaseAccess, releaseTag } from './release-tag.js';

/** What a run will do: the core's plan, changesets' decisions per package, and tag-only releases. */
export interface ChangesetsRelease {
  plan: ReleasePlan | undefined;
  chunks: ReleaseItem[][];
  /** Private packages with a version (privatePackages.tag), to be tagged without publishing. */
  tagOnly: TagRelease[];
}

/**
 * Builds the release from the working tree, like `changeset publish`: every package that is not private
 * and not in `ignore` goes to the core's planner, which asks the registry what is unpublished and
 * orders the rest into dependency chunks; tag and access are then decided per package by changesets'
 * rules (in pre mode the packument is read for the only-pre rule).
 */
export async function releaseFromWorkspace(
  setup: ChangesetsSetup,
  cliTag: string | undefined,
  log: ButterflyLog,
  ctx: CoreContext,
): Promise<ChangesetsRelease> {
  const { config, preState } = setup;
  const skip = { ignore: config.ignore, allowPrivatePackages: config.privatePackages.tag };
  const dirs = setup.packages.packages
    .filter((p) => !p.packageJson.private && !shouldSkipPackage(p, skip))
    .map((p) => selector(setup, p.dir));
  const tagOnly = config.privatePackages.tag
    ? setup.packages.packages
        .filter((p) => p.packageJson.private && !shouldSkipPackage(p, skip))
        .map((p) => ({ name: p.packageJson.name, version: p.packageJson.version }))
    : [];
  if (dirs.length === 0) return { plan: undefined, chunks: [], tagOnly };
  const plan = await planSelected(setup, dirs, log, ctx);
  const chunks: ReleaseItem[][] = [];
  for (const chunk of plan.chunks) {
    const items: ReleaseItem[] = [];
    for (const pkg of chunk) {
      const published =
        preState && !cliTag && pkg.existsOnRegistry !== false
          ? publishedState(pkg.packument)
          : undefined;
      const { tag, onlyPre } = releaseTag({ cliTag, preState, published });
      const manifestAccess = publishConfigAccess(pkg);
      items.push({ pkg, tag, access: releaseAccess(pkg.name, manifestAccess, config.access) });
      announce(log, pkg);
      if (onlyPre && preState)
        log.info(
          `${pkg.name} is being published to latest rather than ${preState.tag} because there has not been a regular release of it yet`,
        );
    }
    chunks.push(items);
  }
  return { plan, chunks, tagOnly };
}

/** Plans the selected packages; each version the registry already has is left out with changesets' warning. */
async function planSelected(
  setup: ChangesetsSetup,
  selected: string[],
  log: ButterflyLog,
  ctx: CoreContext,
): Promise<ReleasePlan> {
  const plan = await planRelease({ root: setup.packages.rootDir, packages: selected }, ctx);
  for (const p of plan.alreadyPublished)
    log.warn(
      `${p.name} is not being published because version ${p.version} is already published on npm`,
    );
  return plan;
}

/** changesets' line for each package it publishes. */
function announce(log: ButterflyLog, pkg: PlannedPackage): void {
  log.info(
    `${pkg.name} is being published because our local version (${pkg.version}) has not been published on npm`,
  );
}

function publishConfigAccess(pkg: PlannedPackage): Access | undefined {
  return (pkg.manifest.publishConfig as { access?: Access } | undefined)?.access;
}

/** Packages are handed to the planner by directory, which also covers a single-package repository. */
function selector(setup: ChangesetsSetup, dir: string): string {
  return path.relative(setup.packages.rootDir, dir) || '.';
}

/**
 * Builds the release from a `changeset pack` directory: changesets' own chunks, tags and access, and
 * the packed tarballs. The core's planner still asks the registry, so a version that is already out
 * (a re-run of the publish job) is left alone instead of failing.
 */
export async function releaseFromPackDir(
  setup: ChangesetsSetup,
  packChunks: PackPlanEntry[][],
  log: ButterflyLog,
  ctx: CoreContext,
): Promise<ChangesetsRelease> {
  const publishEntries = packChunks.flat().filter((e) => e.kind === 'publish');
  const tagOnly = packChunks
    .flat()
    .filter((e) => e.kind === 'tag-only')
    .map((e) => ({ name: e.name, version: e.version }));
  if (publishEntries.length === 0) return { plan: undefined, chunks: [], tagOnly };
  const dirOf = new Map(setup.packages.packages.map((p) => [p.packageJson.name, p.dir]));
  const selected = publishEntries.map((e) => {
    const dir = dirOf.get(e.name);
    if (dir === undefined) {
      throw new TrustpubError(
        'PACK_TARBALL_INVALID',
        `The pack directory holds ${e.name}@${e.version}, which is not a package of this repository.`,
        {
          hint: FIXES.PACK_TARBALL_INVALID.packCommit,
          packageName: e.name,
        },
      );
    }
    return selector(setup, dir);
  });
  const plan = await planSelected(setup, selected, log, ctx);
  const planned = new Map(plan.chunks.flat().map((p) => [p.name, p]));
  const chunks: ReleaseItem[][] = [];
  for (const chunk of packChunks) {
    const items: ReleaseItem[] = [];
    for (const entry of chunk) {
      if (entry.kind !== 'publish') continue;
      const pkg = planned.get(entry.name);
      if (!pkg) continue;
      if (pkg.version !== entry.version) {
        throw new TrustpubError(
          'PACK_TARBALL_INVALID',
          `The pack directory holds ${entry.name}@${entry.version}, but the checkout has version ${pkg.version}.`,
          {
            hint: FIXES.PACK_TARBALL_INVALID.packCommit,
            packageName: entry.name,
          },
        );
      }
      const manifestAccess = publishConfigAccess(pkg);
      const access =
        entry.access === 'restricted' && !entry.name.startsWith('@')
          ? releaseAccess(entry.name, manifestAccess, 'restricted')
          : entry.access;
      items.push({ pkg, tag: entry.tag, access, tarball: entry.tarballPath });
      announce(log, pkg);
    }
    if (items.length) chunks.push(items);
  }
  return { plan, chunks, tagOnly };
}
