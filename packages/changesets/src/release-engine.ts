import {
  runRelease,
  type Access,
  type CoreContext,
  type Finding,
  type PlannedPackage,
  type ReleaseEntry,
  type ReleasePlan,
  type RunReleaseOptions,
} from '@trustpub/core';

/** One package of a changesets release with what changesets decided for it. */
export interface ReleaseItem {
  pkg: PlannedPackage;
  tag: string;
  access: Access | undefined;
  /** A tarball packed by `changeset pack`: published as is. */
  tarball?: string;
}

/** What applies to every package: staging instead of publishing, packing, scripts, accepted files. */
export type EngineOptions = Pick<
  RunReleaseOptions,
  'stage' | 'allowFiles' | 'packAs' | 'ignoreScripts'
>;

export interface EngineReport {
  entries: ReleaseEntry[];
  findings: Finding[];
}

/**
 * Hands a changesets release to the core's engine: changesets' chunks become the plan's chunks, and
 * what changesets decides per package (dist-tag under pre mode's only-pre rule, `publishConfig.access`
 * over the config's `access`, a tarball from `changeset pack`) goes on each planned package. The core
 * does the rest: one preflight over every package, dependency order, the per-package exchange, upload,
 * provenance, verification, and stopping after a failed chunk.
 */
export async function runChangesetsRelease(
  base: ReleasePlan,
  chunks: ReleaseItem[][],
  ctx: CoreContext,
  guard: EngineOptions = {},
): Promise<EngineReport> {
  const plan: ReleasePlan = { ...base, chunks: chunks.map((chunk) => chunk.map(planned)) };
  // Every package carries its own tag and access, so none is set for the plan as a whole.
  delete plan.tag;
  delete plan.access;
  const report = await runRelease(plan, guard, ctx);
  // The plan's own skipped and already-published packages (chunk -1) are reported by the face itself.
  return { entries: report.results.filter((e) => e.chunk >= 0), findings: report.findings };
}

function planned(item: ReleaseItem): PlannedPackage {
  return {
    ...item.pkg,
    tag: item.tag,
    ...(item.access ? { access: item.access } : {}),
    ...(item.tarball ? { tarball: item.tarball } : {}),
  };
}
