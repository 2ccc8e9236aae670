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
 * Counts, per chunk, the packages that have passed one stage of a release (their exchange; their upload),
 * so a later chunk can wait until every earlier chunk is past that stage: that is what keeps
 * stop-on-failure exact while packing and exchanges of later chunks overlap with earlier uploads.
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
