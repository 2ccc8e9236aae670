import { loopbackRequest, parseJson } from './http-util.js';

export interface MintedVerdaccioToken {
  token: string;
  key: string;
}

/**
 * Mints and revokes real Verdaccio tokens through its npm token API. Mints run one at a time: Verdaccio's
 * token database (lowdb) loses tokens written concurrently (performance-anchors.md), so every mint waits
 * for the one before it.
 */
export class VerdaccioTokens {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly port: number,
    private readonly internalHeader: Record<string, string>,
  ) {}

  mint(user: { name: string; password: string }, readonly: boolean): Promise<MintedVerdaccioToken> {
    const run = this.queue.then(async () => {
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
      if (
        answer.status !== 200 ||
        typeof json?.token !== 'string' ||
        typeof json.key !== 'string'
      ) {
        throw new Error(
          `Verdaccio refused to mint a token for ${user.name} (HTTP ${answer.status})`,
        );
      }
      return { token: json.token, key: json.key };
    });
    this.queue = run.catch(() => undefined);
    return run;
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
