import { detectCi, audienceFor, createIdTokenCache } from '../oidc/index.js';
import {
  type CoreContext,
  mapLimit,
  type Finding,
  type IdTokenCache,
  type PublishOptions,
  type PublishResult,
  type ReleaseEntry,
  type ReleaseReport,
  type SkipReason,
} from '../kernel/index.js';
import { diagnose } from '../diagnose/index.js';
import { publishPackage } from '../publish/index.js';
import { ORDER_FIELDS } from './chunks.js';
import { deferred, StageBarrier, StepLimiter } from './gates.js';
import type { PlannedPackage, ReleasePlan } from './plan.js';

/** Packages published at once within a chunk when nothing else is said. */
export const DEFAULT_RELEASE_CONCURRENCY = 16;

/** Packages in progress (packed, waiting or publishing) per step slot. */
const LOOKAHEAD = 4;

/** Exchanges checked at once in the preflight (requests only, no uploads). */
const PREFLIGHT_CONCURRENCY = 32;

/** Progress of a release, for faces that draw their own (the logger gets a line for each as well). */
export type ReleaseEvent =
  | { type: 'preflight'; packages: number }
  | { type: 'chunk'; chunk: number; chunks: number; packages: string[]; total: number }
  | { type: 'package-start'; name: string; version: string; chunk: number }
  | { type: 'package-done'; entry: ReleaseEntry; done: number; total: number };

export interface RunReleaseOptions {
  /** Steps (pack, exchange, signing, upload, verification) running at once, across packages; earlier chunks first (default 16: round trips, not CPU, decide against a remote registry). */
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
  // The preflight runs while packages without pack-time scripts are packed (packing them changes
  // nothing); no exchange for publishing and no script runs before its verdict.
  const preflightOn = options.preflight !== false && all.length > 0;
  let findings: Finding[] = [];
  const verdict: Promise<string | undefined> = preflightOn
    ? (async () => {
        emit({ type: 'preflight', packages: all.length });
        ctx.logger.info(
          `Preflight: checking ${all.length} package(s) before anything is published`,
        );
        findings = await diagnose(
          {
            root: plan.root,
            packages: all,
            access: plan.access,
            provenance: plan.provenance,
            fallbackTokenEnv: options.fallbackTokenEnv,
            dependencies: {
              packages: all,
              workspace: plan.workspace,
              published: plan.alreadyPublished,
            },
            ...(idTokens ? { idTokens } : {}),
            concurrency: Math.max(
              PREFLIGHT_CONCURRENCY,
              options.concurrency ?? DEFAULT_RELEASE_CONCURRENCY,
            ),
          },
          ctx,
        );
        const errors = findings.filter((f) => f.severity === 'error').length;
        return errors
          ? `Not published: the preflight found ${errors} problem(s); nothing was uploaded.`
          : undefined;
      })()
    : Promise.resolve(undefined);

  const order = plan.chunks.flatMap((chunk, i) => chunk.map((p) => ({ p, chunk: i })));
  const chunkOf = new Map(order.map(({ p, chunk }) => [p.name, chunk]));
  // Settles when the package's upload is decided: true once the registry has it, false when it will not.
  const landed = new Map(order.map(({ p }) => [p.name, deferred<boolean>()]));
  // With stop-on-failure, chunk i is exchanged for only once every earlier chunk is past its exchange,
  // and uploaded only once every earlier chunk's upload is decided: a failure stops later chunks exactly
  // as chunk-by-chunk publishing would, while packing and exchanges overlap with earlier uploads.
  const sizes = plan.chunks.map((c) => c.length);
  const authed = new StageBarrier(sizes);
  const decided = new StageBarrier(sizes);
  const failed = new Set<string>();
  let failedChunk = Infinity;
  const announced = new Set<number>();
  let done = 0;

  const finish = (entry: ReleaseEntry, chunk: number): void => {
    results.push(entry);
    const ok =
      entry.status === 'published' ||
      entry.status === 'already-published' ||
      (entry.status === 'skipped' && entry.reason === 'dry-run');
    if (entry.status === 'failed') failedChunk = Math.min(failedChunk, chunk);
    if (
      entry.status === 'failed' ||
      (entry.status === 'skipped' && entry.reason === 'dependency-failed')
    )
      failed.add(entry.name);
    landed.get(entry.name)?.resolve(ok);
    authed.pass(entry.name, chunk);
    decided.pass(entry.name, chunk);
    ctx.logger.info(`[${++done}/${all.length}] ${describe(entry)}`);
    emit({ type: 'package-done', entry, done, total: all.length });
  };
  const cancelled = (chunk: number): boolean => !options.continueOnError && failedChunk < chunk;
  const holdMessage =
    'Not attempted: an earlier chunk had a failure. Re-run to publish it, or pass --continue to publish packages independent of failures.';
  const dependencyFailed = (dep: string): Hold => ({
    reason: 'dependency-failed',
    message: `Not published: it depends on ${dep}, which was not published.`,
  });

  const beforeAuth = async (p: PlannedPackage, chunk: number): Promise<Hold | undefined> => {
    const stop = await verdict;
    if (stop) return { reason: 'cancelled', message: stop };
    if (!options.continueOnError) {
      await authed.before(chunk);
      const blocker = dependsOn(p, failed);
      if (blocker) return dependencyFailed(blocker);
      if (cancelled(chunk)) return { reason: 'cancelled', message: holdMessage };
    }
    if (!announced.has(chunk)) {
      announced.add(chunk);
      const names = (plan.chunks[chunk] ?? []).map((x) => x.name);
      emit({
        type: 'chunk',
        chunk,
        chunks: plan.chunks.length,
        packages: names,
        total: all.length,
      });
      ctx.logger.info(`Chunk ${chunk + 1}/${plan.chunks.length}: ${names.length} package(s)`);
    }
    emit({ type: 'package-start', name: p.name, version: p.version, chunk });
    return undefined;
  };
  /** Dependents upload only after their dependencies' uploads (the one ordering rule). */
  const beforeUpload = async (p: PlannedPackage, chunk: number): Promise<Hold | undefined> => {
    authed.pass(p.name, chunk);
    for (const dep of dependenciesIn(p, chunk, chunkOf)) {
      if (await landed.get(dep)?.promise) continue;
      return failed.has(dep)
        ? dependencyFailed(dep)
        : { reason: 'cancelled', message: holdMessage };
    }
    if (!options.continueOnError) await decided.before(chunk);
    return cancelled(chunk) ? { reason: 'cancelled', message: holdMessage } : undefined;
  };

  // `concurrency` bounds the steps (pack, exchange, upload, verification) running at once, earlier plan
  // positions first; a package waiting for its dependencies holds none. Packages start in plan order (so
  // one never waits on a later one), a few slots' worth ahead, which bounds the tarballs held in memory.
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_RELEASE_CONCURRENCY);
  const steps = new StepLimiter(concurrency);
  await mapLimit(order, concurrency * LOOKAHEAD, async ({ p, chunk }, position) => {
    if (!options.ignoreScripts && hasPackScripts(p)) await verdict;
    const blocker = dependsOn(p, failed);
    if (blocker || cancelled(chunk)) {
      finish(
        blocker
          ? {
              status: 'skipped',
              chunk,
              name: p.name,
              version: p.version,
              ...dependencyFailed(blocker),
            }
          : skip(p, chunk, 'cancelled', holdMessage),
        chunk,
      );
      return;
    }
    const result = await publishPackage(
      {
        ...publishOptions(plan, p, options, idTokens),
        known: { packument: p.packument },
        // Verifications never delay an upload: they go after every other waiting step.
        step: (run, kind) => steps.run(kind === 'verify' ? position + order.length : position, run),
        beforeAuth: () => beforeAuth(p, chunk),
        beforeUpload: () => beforeUpload(p, chunk),
        onUploaded: () => {
          landed.get(p.name)?.resolve(true);
          decided.pass(p.name, chunk);
        },
      },
      ctx,
    );
    finish({ ...result, chunk }, chunk);
  });
  return report(plan, results, findings);
}

type Hold = { reason: SkipReason; message: string };

/** npm runs these while packing for publish: they may change things, so they wait for the preflight. */
function hasPackScripts(p: PlannedPackage): boolean {
  const scripts = p.manifest.scripts;
  if (!scripts || typeof scripts !== 'object') return false;
  return ['prepublishOnly', 'prepack', 'prepare', 'postpack'].some((s) => s in scripts);
}

/**
 * The packages of this release in earlier chunks that `p` depends on (any dependency field). Only earlier
 * chunks: a dev-only cycle the chunking broke must not make two packages wait for each other.
 */
function dependenciesIn(
  p: PlannedPackage,
  chunk: number,
  chunkOf: ReadonlyMap<string, number>,
): string[] {
  const out = new Set<string>();
  for (const field of ORDER_FIELDS) {
    const deps = p.manifest[field];
    if (!deps || typeof deps !== 'object') continue;
    for (const name of Object.keys(deps)) if ((chunkOf.get(name) ?? chunk) < chunk) out.add(name);
  }
  return [...out];
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
