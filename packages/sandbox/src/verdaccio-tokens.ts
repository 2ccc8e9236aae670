import { loopbackRequest, parseJson } from './http-util.js';

export interface MintedVerdaccioToken {
  token: string;
  key: string;
}

/**
 * Mints and revokes real Verdaccio tokens through its npm token API.
 *
 * Verdaccio's token database (lowdb) loses a token in two cases, both on first use: two mints that open
 * the database at once (each loads its own copy and the later write wins), and two mints for a user who
 * has no token list yet (each creates the list with only its own token). A lost token still works but
 * can never be revoked. Once a user's list exists, a mint appends to it in memory and lowdb queues the
 * file writes, so a user's first mint runs alone in a queue (with every other first mint) and the user's
 * later mints run at once: a wide release's exchanges then do not wait on each other's file writes.
 */
export class VerdaccioTokens {
  private queue: Promise<unknown> = Promise.resolve();
  /** Users whose token list exists in Verdaccio's database (a first mint of theirs was stored). */
  private readonly listed = new Set<string>();

  constructor(
    private readonly port: number,
    private readonly internalHeader: Record<string, string>,
  ) {}

  mint(user: { name: string; password: string }, readonly: boolean): Promise<MintedVerdaccioToken> {
    if (this.listed.has(user.name)) return this.post(user, readonly);
    // No mint runs outside the queue before the first queued one has opened the database.
    const run = this.queue.then(async () => {
      const minted = await this.post(user, readonly);
      this.listed.add(user.name);
      return minted;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async post(
    user: { name: string; password: string },
    readonly: boolean,
  ): Promise<MintedVerdaccioToken> {
    const body = JSON.stringify({ password: user.password, readonly, cidr_whitelist: [] });
    const answer = await loopbackRequest(
      this.port,
      'POST',
      '/-/npm/v1/tokens',
      {
        ...this.internalHeader,
        'content-type': 'application/json',
        authorization: basic(user),
        'content-length': Buffer.byteLength(body),
      },
      body,
    );
    const json = parseJson(answer.body) as { token?: unknown; key?: unknown } | undefined;
    if (answer.status !== 200 || typeof json?.token !== 'string' || typeof json.key !== 'string') {
      throw new Error(`Verdaccio refused to mint a token for ${user.name} (HTTP ${answer.status})`);
    }
    return { token: json.token, key: json.key };
  }

  async revoke(user: { name: string; password: string }, key: string): Promise<void> {
    const answer = await loopbackRequest(
      this.port,
      'DELETE',
      `/-/npm/v1/tokens/token/${encodeURIComponent(key)}`,
      {
        ...this.internalHeader,
        authorization: basic(user),
      },
    );
    if (answer.status !== 200)
      throw new Error(`Verdaccio refused to revoke token ${key} (HTTP ${answer.status})`);
  }
}

/** A Basic authorization header value. */
export function basic(user: { name: string; password: string }): string {
  return `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`;
}
