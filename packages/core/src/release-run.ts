import { detectCi } from './ci-detect.js';
import type { CoreContext } from './context.js';
import { diagnose } from './diagnose.js';
import { audienceFor, createIdTokenCache } from './id-token.js';
import { publishPackage } from './publish-package.js';
import { ORDER_FIELDS } from './release-chunks.js';
import { mapLimit, type PlannedPackage, type ReleasePlan } from './release-plan.js';
import type {
  Finding,
  IdTokenCache,
  PublishOptions,
  PublishResult,
  ReleaseEntry,
  ReleaseReport,
} from './types.js';

/** Packages published at once within a chunk when nothing else is said. */
export const DEFAULT_RELEASE_CONCURRENCY = 16;

/** Exchanges checked at once in the preflight (requests only, no uploads). */
const PREFLIGHT_CONCURRENCY = 32;

/** Progress of a release, for faces that draw their own (the logger gets a line for each as well). */
export type ReleaseEvent =
  | { type: 'preflight'; packages: number }
  | { type: 'chunk'; chunk: number; chunks: number; packages: string[] }
  | { type: 'package-start'; name: string; version: string; chunk: number }
  | { type: 'package-done'; entry: ReleaseEntry; done: number; total: number };

export interface RunReleaseOptions {
  /** Packages published at once within a chunk (default 16: round trips, not CPU, decide against a remote registry). */
  concurrency?: number;
  /** Publish everything that does not depend on a failure instead of stopping after the failing chunk. */
  continueOnError?: boolean;
  /** Check every package (incl. its exchange) before the first upload (default true). */
  preflight?: boolean;
  dryRun?: boolean;
  ignoreScripts?: boolean;
  skipVerify?: boolean;
  /** Token used only when an exchange is impossible; named explicitly by the user. */
  fallbackToken?: string;
  /** The variable `fallbackToken` came from (so preflight does not warn about it). */
  fallbackTokenEnv?: string;
  idTokens?: IdTokenCache;
  onEvent?: (event: ReleaseEvent) => void;
}

/**
 * Runs a plan: chunks in order, packages within a chunk concurrently, each through `publishPackage()`
 * (which exchanges for that package right before its upload, so no token serves two packages). A failure
 * stops later chunks unless `continueOnError`; a dependent of a failure is never published either way.
 * Every package of the plan ends in the report as published, already published, skipped (why) or failed.
 */
export async function runRelease(
  plan: ReleasePlan,
  options: RunReleaseOptions,
  ctx: CoreContext,
): Promise<ReleaseReport> {
  const emit = options.onEvent ?? (() => {});
  const all = plan.chunks.flat();
  const results: ReleaseEntry[] = [
    ...plan.skipped.map((s): ReleaseEntry => ({ status: 'skipped', chunk: -1, ...s })),
    ...plan.alreadyPublished.map((a): ReleaseEntry => ({
      status: 'already-published',
      chunk: -1,
      ...a,
    })),
  ];
  const ci = detectCi(ctx);
  const idTokens = options.idTokens ?? (ci ? createIdTokenCache(ci, ctx) : undefined);
  // Ask the CI for the ID token while the first packages are being packed (the cache keeps it for the
  // run; a failure is not kept, so each package then reports it with its own result).
  if (idTokens && all.length) {
    for (const registry of new Set(all.map((p) => p.registry)))
      idTokens.get(audienceFor(registry)).catch(() => undefined);
  }
  let findings: Finding[] = [];
  if (options.preflight !== false && all.length > 0) {
    emit({ type: 'preflight', packages: all.length });
    ctx.logger.info(`Preflight: checking ${all.length} package(s) before anything is published`);
    findings = await diagnose(
      {
        root: plan.root,
        packages: all,
        access: plan.access,
        provenance: plan.provenance,
        fallbackTokenEnv: options.fallbackTokenEnv,
        ...(idTokens ? { idTokens } : {}),
        concurrency: Math.max(
          PREFLIGHT_CONCURRENCY,
          options.concurrency ?? DEFAULT_RELEASE_CONCURRENCY,
        ),
      },
      ctx,
    );
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length) {
      const message = `Not published: the preflight found ${errors.length} problem(s); nothing was uploaded.`;
      plan.chunks.forEach((chunk, i) => {
        for (const p of chunk)
          results.push({
            status: 'skipped',
            chunk: i,
            name: p.name,
            version: p.version,
            reason: 'cancelled',
            message,
          });
      });
      return report(plan, results, findings);
    }
  }

  const failed = new Set<string>();
  let stopped = false;
  let done = 0;
  for (const [i, chunk] of plan.chunks.entries()) {
    const runnable: PlannedPackage[] = [];
    for (const p of chunk) {
      const blocker = dependsOn(p, failed);
      if (blocker) {
        failed.add(p.name);
        results.push(
          skip(
            p,
            i,
            'dependency-failed',
            `Not published: it depends on ${blocker}, which was not published.`,
          ),
        );
      } else if (stopped) {
        results.push(
          skip(
            p,
            i,
            'cancelled',
            'Not attempted: an earlier chunk had a failure. Re-run to publish it, or pass --continue to publish packages independent of failures.',
          ),
        );
      } else {
        runnable.push(p);
      }
      if (!runnable.includes(p))
        emit({
          type: 'package-done',
          entry: results[results.length - 1] as ReleaseEntry,
          done: ++done,
          total: all.length,
        });
    }
    if (!runnable.length) continue;
    emit({
      type: 'chunk',
      chunk: i,
      chunks: plan.chunks.length,
      packages: runnable.map((p) => p.name),
    });
    ctx.logger.info(`Chunk ${i + 1}/${plan.chunks.length}: ${runnable.length} package(s)`);
    await mapLimit(runnable, options.concurrency ?? DEFAULT_RELEASE_CONCURRENCY, async (p) => {
      emit({ type: 'package-start', name: p.name, version: p.version, chunk: i });
      const result = await publishPackage(publishOptions(plan, p, options, idTokens), ctx);
      const entry: ReleaseEntry = { ...result, chunk: i };
      results.push(entry);
      if (result.status === 'failed') failed.add(p.name);
      ctx.logger.info(`[${++done}/${all.length}] ${describe(result)}`);
      emit({ type: 'package-done', entry, done, total: all.length });
    });
    if (failed.size && !options.continueOnError) stopped = true;
  }
  return report(plan, results, findings);
}

function publishOptions(
  plan: ReleasePlan,
  p: PlannedPackage,
  o: RunReleaseOptions,
  idTokens: IdTokenCache | undefined,
): PublishOptions {
  return {
    dir: p.dir,
    registry: p.registry,
    workspace: plan.workspace,
    ...(plan.tag === undefined ? {} : { tag: plan.tag }),
    ...(plan.access === undefined ? {} : { access: plan.access }),
    ...(plan.provenance === undefined ? {} : { provenance: plan.provenance }),
    ...(o.dryRun ? { dryRun: true } : {}),
    ...(o.ignoreScripts ? { ignoreScripts: true } : {}),
    ...(o.skipVerify ? { skipVerify: true } : {}),
    ...(o.fallbackToken ? { fallbackToken: o.fallbackToken } : {}),
    ...(idTokens ? { idTokens } : {}),
  };
}

/** The first package of `failed` that `p` depends on (any dependency field), if any. */
function dependsOn(p: PlannedPackage, failed: ReadonlySet<string>): string | undefined {
  for (const field of ORDER_FIELDS) {
    const deps = p.manifest[field];
    if (!deps || typeof deps !== 'object') continue;
    for (const name of Object.keys(deps)) if (failed.has(name)) return name;
  }
  return undefined;
}

function skip(
  p: PlannedPackage,
  chunk: number,
  reason: 'dependency-failed' | 'cancelled',
  message: string,
): ReleaseEntry {
  return { status: 'skipped', chunk, name: p.name, version: p.version, reason, message };
}

/** One line per result for logs: what happened to which version. */
export function describe(r: PublishResult): string {
  switch (r.status) {
    case 'published':
      return `published ${r.name}@${r.version} (tag ${r.tag}${r.provenance ? ', with provenance' : ''}${r.auth === 'fallback-token' ? ', with the fallback token' : ''})`;
    case 'already-published':
      return `already published ${r.name}@${r.version}`;
    case 'skipped':
      return `skipped ${r.name}${r.version ? `@${r.version}` : ''} (${r.reason}): ${r.message}`;
    case 'failed':
      return `failed ${r.name}${r.version ? `@${r.version}` : ''}: ${r.error.code}: ${r.error.message}`;
  }
}

function report(plan: ReleasePlan, results: ReleaseEntry[], findings: Finding[]): ReleaseReport {
  const order = new Map(plan.chunks.flat().map((p, i) => [p.name, i]));
  results.sort((a, b) => a.chunk - b.chunk || (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  const ok = results.every(
    (r) =>
      r.status === 'published' ||
      r.status === 'already-published' ||
      (r.status === 'skipped' &&
        (r.reason === 'private' || r.reason === 'dry-run' || r.reason === 'not-selected')),
  );
  return {
    ok,
    registry: plan.registry,
    chunks: plan.chunks.map((c) => c.map((p) => p.name)),
    results,
    findings,
  };
}
