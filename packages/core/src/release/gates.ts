/** A promise with its resolve, settled at most once. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  readonly settled: boolean;
}

/** A promise settled from outside (the release's "has this package landed?" answers). */
export function deferred<T>(): Deferred<T> {
  let settle!: (value: T) => void;
  let settled = false;
  const promise = new Promise<T>((r) => {
    settle = r;
  });
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve: (value) => {
      if (settled) return;
      settled = true;
      settle(value);
    },
  };
}

/**
 * Counts, per chunk, the packages that have passed one stage of a release (their upload is decided), so a
 * later chunk can wait until every earlier chunk is past that stage: that is what keeps stop-on-failure
 * exact while packing, exchanges and signing of later chunks overlap with earlier uploads.
 */
export class StageBarrier {
  private readonly left: number[];
  private readonly done: Deferred<void>[];
  private readonly passed = new Set<string>();

  constructor(chunkSizes: readonly number[]) {
    this.left = [...chunkSizes];
    this.done = chunkSizes.map(() => deferred<void>());
    chunkSizes.forEach((n, i) => {
      if (n === 0) this.done[i]?.resolve();
    });
  }

  /** `name` (of `chunk`) is past the stage; counted once however often it is said. */
  pass(name: string, chunk: number): void {
    if (this.passed.has(name)) return;
    this.passed.add(name);
    this.left[chunk] = (this.left[chunk] ?? 1) - 1;
    if (this.left[chunk] === 0) this.done[chunk]?.resolve();
  }

  /** Settles once every package of the chunks before `chunk` is past the stage. */
  async before(chunk: number): Promise<void> {
    await Promise.all(this.done.slice(0, chunk).map((d) => d.promise));
  }
}

/**
 * At most `limit` steps (a pack, an exchange, an upload, a verification) at once, the waiting ones taken
 * lowest priority number first. A release passes the plan position, so earlier chunks go first, and a
 * package waiting for its dependencies holds no slot while it waits.
 */
export class StepLimiter {
  private active = 0;
  private readonly queue: { priority: number; start: () => void }[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(priority: number, step: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((start) => {
        const at = this.queue.findIndex((q) => q.priority > priority);
        this.queue.splice(at === -1 ? this.queue.length : at, 0, { priority, start });
      });
    } else {
      this.active++;
    }
    try {
      return await step();
    } finally {
      // The slot passes straight to the next waiter, so `active` only drops when nobody waits.
      const next = this.queue.shift();
      if (next) next.start();
      else this.active--;
    }
  }
}
