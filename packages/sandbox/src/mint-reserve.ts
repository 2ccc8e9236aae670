import type { MintedVerdaccioToken } from './verdaccio-tokens.js';

/**
 * Verdaccio tokens for the exchanges' user, minted before they are asked for.
 *
 * npmjs answers a release's exchanges side by side. The sandbox mints each exchanged token through
 * Verdaccio's token API, on the one thread that also serves every other request: about 2-3 ms of that
 * thread apiece (Verdaccio's middleware, two password checks, the token database's write). A burst of 30
 * exchanges then queued for 60-90 ms behind each other, a delay npmjs does not have and which every
 * client's measurement carried. So the sandbox keeps a few tokens minted: an exchange takes one (or
 * mints one when none is left), and the reserve is topped up one token at a time, each mint waiting
 * for a moment when the registry works on no request (a refill must not slow the answers either).
 *
 * A reserved token is not an exchanged token until an exchange takes it: nobody outside the sandbox has
 * seen it, and its lifetime (and its revocation) start when it is handed out.
 */
export class MintReserve {
  private readonly ready: MintedVerdaccioToken[] = [];
  private filling: Promise<void> | undefined;
  private stopped = false;
  private wakeOnStop: () => void = () => {};
  private readonly stopping = new Promise<void>((resolve) => {
    this.wakeOnStop = resolve;
  });

  constructor(
    private readonly mintOne: () => Promise<MintedVerdaccioToken>,
    private readonly size: number,
    /** Resolves when the registry is working on no request. */
    private readonly idle: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** One token for an exchange: a reserved one if any is left, else one minted now. */
  take(): Promise<MintedVerdaccioToken> {
    const reserved = this.ready.pop();
    this.topUp();
    return reserved ? Promise.resolve(reserved) : this.mintOne();
  }

  /**
   * Fills the reserve at once (the mints run side by side): for start-up, so that a sandbox that says it
   * is ready does not spend its first requests' time minting. A failure leaves the exchanges to mint.
   */
  async prime(): Promise<void> {
    const wanted = Math.max(0, this.size - this.ready.length);
    const minted = await Promise.allSettled(Array.from({ length: wanted }, () => this.mintOne()));
    for (const result of minted) {
      if (result.status === 'fulfilled') this.ready.push(result.value);
      else this.onError(result.reason);
    }
  }

  /** Starts minting in the background until the reserve is full (no-op when full or already minting). */
  topUp(): void {
    if (this.filling || this.stopped || this.ready.length >= this.size) return;
    this.filling = this.fill().finally(() => {
      this.filling = undefined;
    });
  }

  /**
   * Stops topping up and waits for a mint in flight: Verdaccio closing under it would log the failed
   * mint on its own output. Tokens in the reserve are never handed out.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeOnStop();
    await this.filling;
  }

  /** How many tokens are minted and not yet taken. */
  get available(): number {
    return this.ready.length;
  }

  private async fill(): Promise<void> {
    try {
      while (!this.stopped && this.ready.length < this.size) {
        await Promise.race([this.idle(), this.stopping]);
        // Requests whose data arrived meanwhile run first.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.stopped) return;
        const minted = await this.mintOne();
        if (!this.stopped) this.ready.push(minted);
      }
    } catch (error) {
      // An exchange then mints its own token, and says so if that fails too.
      if (!this.stopped) this.onError(error);
    }
  }
}
