import type { CiInfo, CoreContext, IdTokenCache } from '../kernel/index.js';
import { isTrustpubError, type TrustpubError } from '../errors/index.js';
import { audienceFor, exchangeToken, type ExchangedToken } from '../oidc/index.js';

/** An exchanged token serves its package's upload only while at least this much of its life is left. */
export const REUSE_MARGIN_MS = 5 * 60_000;

/** Tokens that live less than this (by the exchange's own answer) are never reused. */
export const SHORT_TOKEN_MS = 2 * REUSE_MARGIN_MS;

/** Exchanges in flight at once (requests only, like the plan's packument reads). */
export const EXCHANGE_CONCURRENCY = 32;

type Outcome =
  | { kind: 'token'; token: ExchangedToken; usableUntil: number | undefined }
  | { kind: 'failed'; error: TrustpubError };

interface Entry {
  outcome: Promise<Outcome>;
  taken: boolean;
}

/**
 * A release's token exchanges, one per package, each started as soon as the plan knows the package needs
 * publishing (while other packages are still being read), so neither the preflight nor an upload waits for
 * one. The preflight reads each answer; the package's upload then takes the same token, once, while it is
 * fresh (`forUpload`): one exchange per package instead of two. A token only serves the package it was
 * exchanged for.
 */
export class ReleaseExchanges {
  private readonly entries = new Map<string, Entry>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly ci: CiInfo,
    private readonly idTokens: IdTokenCache,
    /** Exchanges in flight at once. */
    private readonly concurrency: number,
    private readonly ctx: CoreContext,
  ) {}

  /** Starts the exchange for `name` unless it was started before. */
  start(name: string, registry: string): void {
    if (this.entries.has(name)) return;
    const outcome = this.run(name, registry);
    // A bug (not a refusal) surfaces where the answer is awaited, never as an unhandled rejection.
    outcome.catch(() => undefined);
    this.entries.set(name, { outcome, taken: false });
  }

  /** The exchange's answer for `name` (started now if nobody did): its token, or its refusal thrown. */
  async exchanged(name: string, registry: string): Promise<ExchangedToken> {
    this.start(name, registry);
    const o = await (this.entries.get(name) as Entry).outcome;
    if (o.kind === 'failed') throw o.error;
    return o.token;
  }

  /**
   * The token for `name`'s upload: the one exchanged earlier, once, while at least REUSE_MARGIN_MS of its
   * life is left (by the lifetime the registry stated; a new exchange when it stated none, or one shorter
   * than SHORT_TOKEN_MS). On CircleCI, whose tokens are short-lived, always a new exchange. An earlier
   * refusal is thrown as it is (asking again would get the same answer).
   */
  async forUpload(name: string, registry: string): Promise<ExchangedToken> {
    const entry = this.entries.get(name);
    if (entry && !entry.taken) {
      entry.taken = true;
      const o = await entry.outcome;
      if (o.kind === 'failed') throw o.error;
      if (
        this.ci.provider !== 'circleci' &&
        o.usableUntil !== undefined &&
        o.usableUntil - this.ctx.now() >= REUSE_MARGIN_MS
      )
        return o.token;
      this.ctx.logger.debug(
        `${name}: the earlier exchanged token is not fresh enough; exchanging again`,
      );
    }
    const idToken = await this.idTokens.get(audienceFor(registry));
    return exchangeToken({ registry, packageName: name, idToken, ci: this.ci }, this.ctx);
  }

  private async run(name: string, registry: string): Promise<Outcome> {
    try {
      const idToken = await this.idTokens.get(audienceFor(registry));
      await this.slot();
      try {
        const token = await exchangeToken(
          { registry, packageName: name, idToken, ci: this.ci },
          this.ctx,
        );
        return { kind: 'token', token, usableUntil: this.usableUntil(token) };
      } finally {
        this.release();
      }
    } catch (error) {
      if (!isTrustpubError(error)) throw error;
      return { kind: 'failed', error };
    }
  }

  /**
   * Until when, on this machine's clock, the token lives: the lifetime the registry states (expires minus
   * created, so its clock and ours need not agree) counted from its answer; undefined without a stated
   * lifetime or with a short one.
   */
  private usableUntil(token: ExchangedToken): number | undefined {
    const life = Date.parse(token.expires ?? '') - Date.parse(token.created ?? '');
    if (!Number.isFinite(life) || life < SHORT_TOKEN_MS) return undefined;
    return this.ctx.now() + life;
  }

  private async slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((go) => this.waiting.push(go));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
