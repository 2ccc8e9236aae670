import { setImmediate } from 'node:timers/promises';
import { detectCi, audienceFor, createIdTokenCache } from '../oidc/index.js';
import {
  type CoreContext,
  mapLimit,
  definedFields,
  type IdTokenCache,
  type PublishOptions,
  type ReleaseEntry,
  type ReleaseReport,
} from '../kernel/index.js';
import { NpmConfigReads } from '../registry/index.js';
import { hasPackScripts } from './dependencies.js';
import { EXCHANGE_CONCURRENCY, ReleaseExchanges } from './exchanges.js';
import { deferred, StepLimiter, type Deferred } from './gates.js';
import type { PackedScan } from '../diagnose/index.js';
import type { TrustpubError } from '../errors/index.js';
import type { PlannedPackage, ReleasePlan } from './plan.js';
import { startPreflight } from './preflight.js';
import { listingsReusable } from './scans.js';
import { buildReport, plannedEntries, type ReleaseEvent } from './report.js';
import { ReleaseSchedule } from './schedule.js';
import { releaseSteps } from './steps.js';

/** Packages published at once within a chunk when nothing else is said. */
export const DEFAULT_RELEASE_CONCURRENCY = 16;

/** Packages in progress (packed, waiting or publishing) per step slot. */
const LOOKAHEAD = 4;

/**
 * Packs at once. A pack without scripts is CPU work on this thread that reads its small files
 * synchronously: two at once only queue behind each other, and an upload dispatched meanwhile is written
 * after both (undici writes one turn after a dispatch), while the registry waits for it. A pack that runs
 * lifecycle scripts mostly waits for them, so those run several at once.
 */
const PACK_CONCURRENCY = 1;
const SCRIPTED_PACK_CONCURRENCY = 4;

export interface RunReleaseOptions {
  /** Steps (pack, exchange, signing, upload) running at once, across packages, earlier chunks first, and as many verification reads besides (default 16: round trips, not CPU, decide against a remote registry). */
  concurrency?: number;
  /** Publish everything that does not depend on a failure instead of stopping after the failing chunk. */
  continueOnError?: boolean;
  /** Check every package (incl. its exchange) before the first upload (default true). */
  preflight?: boolean;
  dryRun?: boolean;
  /** Skip lifecycle scripts; when unset, npm's `ignore-scripts` setting decides. */
  ignoreScripts?: boolean;
  /** Pack as this manager (`npm`, `pnpm`, `yarn`, `bun`) instead of the detected one. */
  packAs?: string;
  skipVerify?: boolean;
  /** Token used only when an exchange is impossible; named explicitly by the user. */
  fallbackToken?: string;
  /** The variable `fallbackToken` came from (so preflight does not warn about it). */
  fallbackTokenEnv?: string;
  idTokens?: IdTokenCache;
  onEvent?: (event: ReleaseEvent) => void;
  /** Stage every package instead of publishing it (npm's staged publishing; approved with 2FA later). */
  stage?: boolean;
  /** Files the secret scan accepts after review (`--allow-file`), in the preflight and at each upload. */
  allowFiles?: readonly string[];
}

/**
 * Runs a plan: chunks in order, packages within a chunk concurrently, each through `publishPackage()`.
 * Each package's exchange starts at once (or already while planning), the preflight checks its answer and
 * the package's upload uses the same token while fresh; no token serves two packages. A failure
 * stops later chunks unless `continueOnError`; a dependent of a failure is never published either way.
 * Every package of the plan ends in the report as published, already published, skipped (why) or failed.
 * The ordering rules are in release/README.md; `ReleaseSchedule` keeps them.
 */
export async function runRelease(
  plan: ReleasePlan,
  options: RunReleaseOptions,
  ctx: CoreContext,
): Promise<ReleaseReport> {
  const emit = options.onEvent ?? (() => {});
  const all = plan.chunks.flat();
  const ci = detectCi(ctx);
  const idTokens = options.idTokens ?? (ci ? createIdTokenCache(ci, ctx) : undefined);
  // Ask the CI for the ID token while the first packages are being packed (the cache keeps it for the
  // run; a failure is not kept, so each package then reports it with its own result).
  if (idTokens && all.length) {
    for (const registry of new Set(all.map((p) => p.registry)))
      idTokens.get(audienceFor(registry)).catch(() => undefined);
  }
  // One exchange per package, started now unless the plan started it: nothing waits for one later.
  const exchanges =
    plan.exchanges ??
    (ci && idTokens ? new ReleaseExchanges(ci, idTokens, EXCHANGE_CONCURRENCY, ctx) : undefined);
  for (const p of all) if (p.existsOnRegistry !== false) exchanges?.start(p.name, p.registry);
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_RELEASE_CONCURRENCY);
  // The first uploads: the first chunk's packages, as many as go at once.
  const first = Math.min(plan.chunks[0]?.length ?? 0, concurrency);
  const packedEarly = packedBeforeVerdict(all, options, first);
  const scans = plan.scans?.matches(options) ? plan.scans : undefined;
  const listings = scans && listingsReusable(all, options.ignoreScripts) ? scans : undefined;
  const preflight = startPreflight(
    plan,
    {
      enabled: options.preflight !== false,
      fallbackTokenEnv: options.fallbackTokenEnv,
      allowFiles: options.allowFiles,
      packAs: options.packAs,
      concurrency: options.concurrency ?? DEFAULT_RELEASE_CONCURRENCY,
      idTokens,
      exchanges,
      packedScan: (name) => takenScan(scans?.get(name), packedEarly.get(name)?.promise),
    },
    emit,
    ctx,
  );
  const schedule = new ReleaseSchedule(
    plan,
    options.continueOnError === true,
    preflight.verdict,
    emit,
    ctx,
  );
  const { order } = schedule;

  // `concurrency` bounds the steps (pack, exchange, signing, upload) running at once, earlier plan
  // positions first; a package waiting for its dependencies holds none. Packages start in plan order (so
  // one never waits on a later one), a few slots' worth ahead, which bounds the tarballs held in memory.
  const steps = new StepLimiter(concurrency);
  // Verification reads have slots of their own: sharing the uploads' slots made every upload wait for a
  // read to end, doubling the upload rounds of a wide release. Reads are what the plan already sends
  // this many at once.
  const verifications = new StepLimiter(concurrency);
  // See PACK_CONCURRENCY: packs without scripts one at a time, packs that run scripts a few at once.
  const packs = new StepLimiter(PACK_CONCURRENCY);
  const scriptedPacks = new StepLimiter(Math.min(concurrency, SCRIPTED_PACK_CONCURRENCY));
  // npm reads its settings once per run: the packages' climbs to the workspace root share their reads.
  const npmConfigReads = new NpmConfigReads();
  const { publish } = await releaseSteps();
  await mapLimit(order, concurrency * LOOKAHEAD, async ({ p, chunk }, position) => {
    const packed = packedEarly.get(p.name);
    try {
      await publishOne(p, chunk, position, packed);
    } finally {
      // Held at its start or failed before packing: the preflight judges it by its files on disk.
      packed?.resolve('not-scanned');
    }
  });
  const results: ReleaseEntry[] = [...plannedEntries(plan), ...schedule.results];
  return buildReport(plan, results, preflight.findings());

  async function publishOne(
    p: PlannedPackage,
    chunk: number,
    position: number,
    packed: Deferred<PackedScan> | undefined,
  ): Promise<void> {
    // Only the first packages may be packed before the verdict; the others are packed once it has passed,
    // while the first uploads travel.
    if (!packed) {
      await preflight.verdict;
      // The packages packed before the verdict upload first: their steps after it are promise hops, and
      // every other package's start-up work (manifest, settings) would otherwise run between two of them.
      // undici writes a request one turn after it is dispatched, so the others wait two turns.
      await setImmediate();
      await setImmediate();
    }
    const held = schedule.heldAtStart(p, chunk);
    if (held) return schedule.finish(held, chunk);
    const result = await publish.publishPackage(
      {
        ...publishOptions(plan, p, options, idTokens),
        known: { packument: p.packument },
        npmConfigReads,
        ...definedFields({ listedFiles: listings?.listing(p.name) }),
        ...(packed ? { onPacked: (error) => packed.resolve(packedScan(error)) } : {}),
        ...(exchanges ? { exchange: () => exchanges.forUpload(p.name, p.registry) } : {}),
        step: (run, kind) =>
          kind === 'pack'
            ? (runsPackScripts(p, options) ? scriptedPacks : packs).run(position, async () => {
                // A pack is CPU work on this thread, and its small files are read synchronously, so
                // packs that follow each other never give the event loop a turn: an upload whose answer
                // or send is due would wait for all of them. One turn before each pack lets it go first.
                await setImmediate();
                // Before the verdict the scans from disk go first (the verdict waits for them); one
                // early pack does not wait, so the packing code is warm when the verdict comes.
                if (packed && position > 0) await scans?.settled();
                return steps.run(position, run);
              })
            : kind === 'verify'
              ? verifications.run(position, run)
              : steps.run(position, run),
        beforeAuth: () => schedule.beforeAuth(p, chunk),
        beforeUpload: () => schedule.beforeUpload(p, chunk),
        onUploaded: () => schedule.uploaded(p, chunk),
      },
      ctx,
    );
    schedule.finish({ ...result, chunk }, chunk);
  }
}

/** The scan that judges a package: the plan's scan from disk, else (skipped or none) its tarball's. */
function takenScan(
  planned: Promise<PackedScan> | undefined,
  packed: Promise<PackedScan> | undefined,
): Promise<PackedScan> | undefined {
  if (!planned || !packed) return planned ?? packed;
  return planned.then((scan) => (scan === 'not-scanned' ? packed : scan));
}

/** A tarball with secrets is the preflight's finding; another failure came before the scan. */
function packedScan(error: TrustpubError | undefined): PackedScan {
  if (!error) return 'clean';
  return error.code === 'PACK_SECRET_FOUND' ? error : 'not-scanned';
}

/**
 * The packages a release may pack before its preflight's verdict (no pack-time scripts to wait for, and
 * among the first `window` in plan order: the uploads that go first), each with the outcome of packing
 * and checking its tarball, which the preflight takes only where the package's scan from disk could not
 * run. The verdict waits for the scans from disk, not for these packs: a pack costs several scans' CPU.
 * The others are packed after the verdict, while the first uploads are on the wire: packing every
 * package first would put all of their CPU in front of the first upload.
 */
function packedBeforeVerdict(
  all: readonly PlannedPackage[],
  options: RunReleaseOptions,
  window: number,
): Map<string, Deferred<PackedScan>> {
  const early = new Map<string, Deferred<PackedScan>>();
  if (options.preflight === false) return early;
  all.slice(0, window).forEach((p) => {
    if (!runsPackScripts(p, options)) early.set(p.name, deferred());
  });
  return early;
}

/** Whether packing `p` runs lifecycle scripts (it has pack-time scripts and they are not ignored). */
function runsPackScripts(p: PlannedPackage, options: RunReleaseOptions): boolean {
  return options.ignoreScripts !== true && hasPackScripts(p);
}

function publishOptions(
  plan: ReleasePlan,
  p: PlannedPackage,
  o: RunReleaseOptions,
  idTokens: IdTokenCache | undefined,
): PublishOptions {
  const tag = p.tag ?? plan.tag;
  const access = p.access ?? plan.access;
  return {
    dir: p.dir,
    registry: p.registry,
    workspace: plan.workspace,
    ...(p.tarball ? { tarball: p.tarball } : {}),
    ...definedFields({
      tag,
      access,
      provenance: plan.provenance,
      ignoreScripts: o.ignoreScripts,
      packAs: o.packAs,
    }),
    ...(o.dryRun ? { dryRun: true } : {}),
    ...(o.skipVerify ? { skipVerify: true } : {}),
    ...(o.fallbackToken ? { fallbackToken: o.fallbackToken } : {}),
    ...(idTokens ? { idTokens } : {}),
    ...(o.stage ? { stage: true } : {}),
    ...(o.allowFiles?.length ? { allowFiles: o.allowFiles } : {}),
  };
}
