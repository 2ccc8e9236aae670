import type http from 'node:http';

/**
 * Counts the requests the registry is working on: from the end of their simulated latency until their
 * answer is sent (or the connection drops). Background work waits for a moment when there are none, so
 * it takes the registry's one thread only when no client is waiting on it.
 */
export class RegistryActivity {
  private active = 0;
  private waiters: Array<() => void> = [];

  /** Counts one request until its answer is finished. */
  track(res: http.ServerResponse): void {
    this.active += 1;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.active -= 1;
      if (this.active === 0) for (const wake of this.waiters.splice(0)) wake();
    };
    res.once('finish', end);
    res.once('close', end);
  }

  /** Resolves when no request is being worked on (at once if none is). */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
