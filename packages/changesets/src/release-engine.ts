import {
  detectCi,
  createIdTokenCache,
  diagnose,
  publishPackage,
  DEFAULT_RELEASE_CONCURRENCY,
  runRelease,
  type Access,
  type CoreContext,
  type Finding,
  type IdTokenCache,
  type PlannedPackage,
  type ReleaseEntry,
  type ReleasePlan,
} from '@trustpub/core';

/** One package of a changesets release with what changesets decided for it. */
export interface ReleaseItem {
  pkg: PlannedPackage;
  tag: string;
  access: Access | undefined;
  /** A tarball packed by `changeset pack`: published as is. */
  tarball?: string;
}

/** What applies to every package: staging instead of publishing, and files the secret scan accepts. */
export interface EngineOptions {
  stage?: boolean;
  allowFiles?: readonly string[];
  /** Pack as this manager (`npm`, `pnpm`, `yarn`, `bun`) instead of the repository's. */
  packAs?: string;
  /** Run no lifecycle script (unset: npm's `ignore-scripts` setting). */
  ignoreScripts?: boolean;
}

export interface EngineReport {
  entries: ReleaseEntry[];
  findings: Finding[];
}

/**
 * Hands a changesets release to the core's engine. changesets decides tag and access per package
 * (pre mode's only-pre rule, `publishConfig.access` over the config's `access`) while `runRelease`
 * takes them per plan, so each chunk is run as one sub-plan per (tag, access) pair: the core still
 * does the dependency order, the per-package exchange, the upload, provenance and verification. The
 * diagnosis runs once for every package before the first upload, and a failed chunk stops the later
 * ones, as `runRelease` itself does. Tarballs from `changeset pack` go through `publishPackage`
 * because `runRelease` cannot be given a tarball per package.
 */
export async function runChangesetsRelease(
  base: ReleasePlan,
  chunks: ReleaseItem[][],
  ctx: CoreContext,
  guard: EngineOptions = {},
): Promise<EngineReport> {
  const ci = detectCi(ctx);
  const idTokens: IdTokenCache | undefined = ci ? createIdTokenCache(ci, ctx) : undefined;
  const all = chunks.flat();
  const findings: Finding[] = [];
  ctx.logger.info(`Checking ${all.length} package(s) before anything is published`);
  for (const [index, group] of groupBy(all, (i) => i.access ?? '').entries()) {
    addNew(
      findings,
      await diagnose(
        {
          root: base.root,
          packages: group.map((i) => i.pkg),
          access: group[0]?.access,
          ...(guard.allowFiles ? { allowFiles: guard.allowFiles } : {}),
          ...(guard.packAs ? { packAs: guard.packAs } : {}),
          ...(idTokens ? { idTokens } : {}),
          // Once, over the whole release: a sibling in another access group is still in the release.
          ...(index === 0
            ? {
                dependencies: {
                  packages: all.map((i) => i.pkg),
                  workspace: base.workspace,
                  published: base.alreadyPublished,
                },
              }
            : {}),
        },
        ctx,
      ),
    );
  }
  const entries: ReleaseEntry[] = [];
  if (findings.some((f) => f.severity === 'error')) {
    chunks.forEach((chunk, i) => {
      for (const item of chunk)
        entries.push(
          skipped(item, i, 'Not published: the preflight found problems; nothing was uploaded.'),
        );
    });
    return { entries, findings };
  }
  const engineCtx = withoutSubPlanCounters(ctx);
  for (const [i, chunk] of chunks.entries()) {
    const failed = entries.filter((e) => e.status === 'failed').map((e) => e.name);
    if (failed.length) {
      const message = `Not attempted: ${failed.join(', ')} failed in an earlier chunk. Re-run to publish it once the cause is fixed.`;
      for (const item of chunk) entries.push(skipped(item, i, message));
      continue;
    }
    ctx.logger.info(
      `Publishing chunk ${i + 1}/${chunks.length}: ${chunk.map((item) => item.pkg.name).join(', ')}`,
    );
    const runs = groupBy(chunk, (item) =>
      item.tarball ? 'tarballs' : `${item.tag}\u0000${item.access ?? ''}`,
    );
    const results = await Promise.all(
      runs.map((group) => runGroup(base, group, idTokens, engineCtx, guard)),
    );
    for (const result of results) for (const entry of result) entries.push({ ...entry, chunk: i });
  }
  return { entries, findings };
}

async function runGroup(
  base: ReleasePlan,
  group: ReleaseItem[],
  idTokens: IdTokenCache | undefined,
  ctx: CoreContext,
  guard: EngineOptions,
): Promise<ReleaseEntry[]> {
  const first = group[0] as ReleaseItem;
  if (first.tarball !== undefined) {
    return inBatches(group, DEFAULT_RELEASE_CONCURRENCY, async (item) => ({
      ...(await publishPackage(
        {
          dir: item.pkg.dir,
          tarball: item.tarball as string,
          tag: item.tag,
          registry: item.pkg.registry,
          ...(item.access ? { access: item.access } : {}),
          ...guard,
          ...(idTokens ? { idTokens } : {}),
        },
        ctx,
      )),
      chunk: 0,
    }));
  }
  const plan: ReleasePlan = {
    ...base,
    chunks: [group.map((i) => i.pkg)],
    alreadyPublished: [],
    skipped: [],
    tag: first.tag,
  };
  if (first.access) plan.access = first.access;
  else delete plan.access;
  const report = await runRelease(
    plan,
    { preflight: false, ...guard, ...(idTokens ? { idTokens } : {}) },
    ctx,
  );
  return report.results;
}

/**
 * Each sub-plan is a one-chunk plan to `runRelease`, so its "Chunk 1/1" and "[1/1]" counters would
 * mislead; the real chunk header is printed above and the results are listed at the end.
 */
function withoutSubPlanCounters(ctx: CoreContext): CoreContext {
  const counters = /^(Chunk \d+\/\d+: |\[\d+\/\d+\] )/;
  return {
    ...ctx,
    logger: {
      ...ctx.logger,
      info: (m: string) => (counters.test(m) ? undefined : ctx.logger.info(m)),
    },
  };
}

/** Runs `fn` over `items`, at most `size` at once (the engine's own concurrency for packed tarballs). */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/** Each access group is diagnosed separately; the environment findings they share are kept once. */
function addNew(into: Finding[], found: readonly Finding[]): void {
  for (const f of found) {
    if (
      !into.some(
        (g) => g.code === f.code && g.packageName === f.packageName && g.message === f.message,
      )
    )
      into.push(f);
  }
}

function skipped(item: ReleaseItem, chunk: number, message: string): ReleaseEntry {
  return {
    status: 'skipped',
    chunk,
    name: item.pkg.name,
    version: item.pkg.version,
    reason: 'cancelled',
    message,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}
