import type { CoreContext, ReleaseEntry, SkipReason } from '../kernel/index.js';
import { dependenciesIn, dependsOn } from './dependencies.js';
import { deferred, StageBarrier, type Deferred } from './gates.js';
import type { PlannedPackage, ReleasePlan } from './plan.js';
import { describe, type ReleaseEvent } from './report.js';

/** Why a package is not published after all (answered by the hooks `publishPackage` awaits). */
export type Hold = { reason: SkipReason; message: string };

const HOLD_MESSAGE =
  'Not attempted: an earlier chunk had a failure. Re-run to publish it, or pass --continue to publish packages independent of failures.';

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
  // With stop-on-failure, chunk i is exchanged for only once every earlier chunk is past its exchange,
  // and uploaded only once every earlier chunk's upload is decided: a failure stops later chunks exactly
  // as chunk-by-chunk publishing would, while packing and exchanges overlap with earlier uploads.
  private readonly authed: StageBarrier;
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
    this.authed = new StageBarrier(sizes);
    this.decided = new StageBarrier(sizes);
  }

  /** Records how a package ended and releases everything waiting on it. */
  finish(entry: ReleaseEntry, chunk: number): void {
    this.results.push(entry);
    const ok =
      entry.status === 'published' ||
      entry.status === 'already-published' ||
      (entry.status === 'skipped' && entry.reason === 'dry-run');
    if (entry.status === 'failed') this.failedChunk = Math.min(this.failedChunk, chunk);
    if (
      entry.status === 'failed' ||
      (entry.status === 'skipped' && entry.reason === 'dependency-failed')
    )
      this.failed.add(entry.name);
    this.landed.get(entry.name)?.resolve(ok);
    this.authed.pass(entry.name, chunk);
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

  /** Before the exchange: the preflight's verdict, then (stop-on-failure) every earlier chunk past its exchange. */
  async beforeAuth(p: PlannedPackage, chunk: number): Promise<Hold | undefined> {
    const stop = await this.verdict;
    if (stop) return { reason: 'cancelled', message: stop };
    if (!this.continueOnError) {
      await this.authed.before(chunk);
      const blocker = dependsOn(p, this.failed);
      if (blocker) return dependencyFailed(blocker);
      if (this.cancelled(chunk)) return cancelledHold();
    }
    if (!this.announced.has(chunk)) {
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
    this.emit({ type: 'package-start', name: p.name, version: p.version, chunk });
    return undefined;
  }

  /** Dependents upload only after their dependencies' uploads (the one ordering rule). */
  async beforeUpload(p: PlannedPackage, chunk: number): Promise<Hold | undefined> {
    this.authed.pass(p.name, chunk);
    for (const dep of dependenciesIn(p, chunk, this.chunkOf)) {
      if (await this.landed.get(dep)?.promise) continue;
      return this.failed.has(dep) ? dependencyFailed(dep) : cancelledHold();
    }
    if (!this.continueOnError) await this.decided.before(chunk);
    return this.cancelled(chunk) ? cancelledHold() : undefined;
  }

  /** The registry has the package: its dependents may upload. */
  uploaded(p: PlannedPackage, chunk: number): void {
    this.landed.get(p.name)?.resolve(true);
    this.decided.pass(p.name, chunk);
  }

  private cancelled(chunk: number): boolean {
    return !this.continueOnError && this.failedChunk < chunk;
  }
}

function dependencyFailed(dep: string): Hold {
  return {
    reason: 'dependency-failed',
    message: `Not published: it depends on ${dep}, which was not published.`,
  };
}

function cancelledHold(): Hold {
  return { reason: 'cancelled', message: HOLD_MESSAGE };
}
