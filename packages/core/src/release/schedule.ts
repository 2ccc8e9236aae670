import type { CoreContext, ReleaseEntry, SkipReason } from '../kernel/index.js';
import { FIXES } from '../errors/index.js';
import { dependenciesIn, dependsOn } from './dependencies.js';
import { deferred, StageBarrier, type Deferred } from './gates.js';
import type { PlannedPackage, ReleasePlan } from './plan.js';
import { describe, type ReleaseEvent } from './report.js';

/** Why a package is not published after all (answered by the hooks `publishPackage` awaits). */
export type Hold = { reason: SkipReason; message: string };

const HOLD_MESSAGE =
  'Not attempted: an earlier chunk had a failure. Re-run to publish it once the cause is fixed.';

/**
 * The ordering rules of a release (see release/README.md), as the answers to "may this package go on?"
 * at its start, before its exchange and before its upload, and the record of how each package ended.
 */
export class ReleaseSchedule {
  readonly results: ReleaseEntry[] = [];
  /** Every planned package with its chunk, in plan order. */
  readonly order: { p: PlannedPackage; chunk: number }[];
  private readonly total: number;
  private readonly chunkOf: Map<string, number>;
  /** Settles when the package's upload is decided: true once the registry has it, false when it will not. */
  private readonly landed: Map<string, Deferred<boolean>>;
  // With stop-on-failure, chunk i is uploaded only once every earlier chunk's upload is decided: a failure
  // stops later chunks' uploads exactly as chunk-by-chunk publishing would, while packing, exchanges and
  // signing of every chunk go on before (their results are simply not used then).
  private readonly decided: StageBarrier;
  private readonly failed = new Set<string>();
  private failedChunk = Infinity;
  private readonly announced = new Set<number>();
  private done = 0;

  constructor(
    private readonly plan: ReleasePlan,
    private readonly continueOnError: boolean,
    private readonly verdict: Promise<string | undefined>,
    private readonly emit: (event: ReleaseEvent) => void,
    private readonly ctx: CoreContext,
  ) {
    this.order = plan.chunks.flatMap((chunk, i) => chunk.map((p) => ({ p, chunk: i })));
    this.total = this.order.length;
    this.chunkOf = new Map(this.order.map(({ p, chunk }) => [p.name, chunk]));
    this.landed = new Map(this.order.map(({ p }) => [p.name, deferred<boolean>()]));
    const sizes = plan.chunks.map((c) => c.length);
    this.decided = new StageBarrier(sizes);
  }

  /** Records how a package ended and releases everything waiting on it. */
  finish(entry: ReleaseEntry, chunk: number): void {
    if (entry.status !== 'skipped') this.announce(chunk);
    this.results.push(entry);
    const ok =
      entry.status === 'published' ||
      entry.status === 'staged' ||
      entry.status === 'already-published' ||
      (entry.status === 'skipped' && entry.reason === 'dry-run');
    if (entry.status === 'failed') this.failedChunk = Math.min(this.failedChunk, chunk);
    if (
      entry.status === 'failed' ||
      (entry.status === 'skipped' && entry.reason === 'dependency-failed')
    )
      this.failed.add(entry.name);
    this.landed.get(entry.name)?.resolve(ok);
    this.decided.pass(entry.name, chunk);
    this.ctx.logger.info(`[${++this.done}/${this.total}] ${describe(entry)}`);
    this.emit({ type: 'package-done', entry, done: this.done, total: this.total });
  }

  /** Before a package starts: the entry it ends with when a dependency failed or its chunk is cancelled. */
  heldAtStart(p: PlannedPackage, chunk: number): ReleaseEntry | undefined {
    const blocker = dependsOn(p, this.failed);
    if (!blocker && !this.cancelled(chunk)) return undefined;
    const hold = blocker ? dependencyFailed(blocker) : cancelledHold();
    return { status: 'skipped', chunk, name: p.name, version: p.version, ...hold };
  }

  /** Before the exchange: the preflight's verdict; nothing else waits here (see release/README.md). */
  async beforeAuth(p: PlannedPackage, chunk: number): Promise<Hold | undefined> {
    const stop = await this.verdict;
    if (stop) return { reason: 'cancelled', message: stop };
    return this.continueOnError ? undefined : this.holdNow(p, chunk);
  }

  /**
   * Dependents upload only after their dependencies' uploads (the one ordering rule); with stop-on-failure,
   * after every earlier chunk's upload is decided too.
   */
  async beforeUpload(p: PlannedPackage, chunk: number): Promise<Hold | undefined> {
    for (const dep of dependenciesIn(p, chunk, this.chunkOf)) {
      if (await this.landed.get(dep)?.promise) continue;
      return this.failed.has(dep) ? dependencyFailed(dep) : cancelledHold();
    }
    if (!this.continueOnError) await this.decided.before(chunk);
    if (this.cancelled(chunk)) return cancelledHold();
    this.announce(chunk);
    this.emit({ type: 'package-start', name: p.name, version: p.version, chunk });
    return undefined;
  }

  /** The registry has the package: its dependents may upload. */
  uploaded(p: PlannedPackage, chunk: number): void {
    this.landed.get(p.name)?.resolve(true);
    this.decided.pass(p.name, chunk);
  }

  /** A failure so far that stops `p`: one of its dependencies, or (stop-on-failure) an earlier chunk. */
  private holdNow(p: PlannedPackage, chunk: number): Hold | undefined {
    const blocker = dependsOn(p, this.failed);
    if (blocker) return dependencyFailed(blocker);
    return this.cancelled(chunk) ? cancelledHold() : undefined;
  }

  /** The chunk's line, once, when its first package uploads or ends other than skipped. */
  private announce(chunk: number): void {
    if (this.announced.has(chunk)) return;
    this.announced.add(chunk);
    const names = (this.plan.chunks[chunk] ?? []).map((x) => x.name);
    this.emit({
      type: 'chunk',
      chunk,
      chunks: this.plan.chunks.length,
      packages: names,
      total: this.total,
    });
    this.ctx.logger.info(
      `Chunk ${chunk + 1}/${this.plan.chunks.length}: ${names.length} package(s)`,
    );
  }

  private cancelled(chunk: number): boolean {
    return !this.continueOnError && this.failedChunk < chunk;
  }
}

function dependencyFailed(dep: string): Hold {
  return {
    reason: 'dependency-failed',
    message: `Not published: it depends on ${dep}, which was not published. ${FIXES.RELEASE_DEPENDENCY_FAILED}`,
  };
}

function cancelledHold(): Hold {
  return { reason: 'cancelled', message: HOLD_MESSAGE };
}
