import type http from 'node:http';
import type { LoopbackAnswer } from './http-util.js';
import { readPackument, sendAnswer } from './packument-read.js';
import type { SandboxCore } from './sandbox-core.js';

interface Cached {
  at: number;
  answer: LoopbackAnswer;
}

/**
 * npmjs's CDN as release tools meet it: anonymous packument reads are cached (`max-age=300`) and a publish
 * does not purge them, so a client that checks "is this version out?" right after a publish, or re-runs a
 * release within minutes, sees the old document unless it reads with `?write=true` (served uncached).
 * Enabled with `cdnCacheMs`; the cache key is the path and the accept header (corgi and full documents
 * are cached apart).
 */
export class CdnCache {
  private readonly entries = new Map<string, Cached>();

  constructor(private readonly core: SandboxCore) {}

  /** Whether this request is one the CDN answers: an anonymous GET/HEAD of a packument, no `write=true`. */
  applies(req: http.IncomingMessage, url: URL, rest: string[]): boolean {
    return (
      this.core.settings.cdnCacheMs > 0 &&
      rest.length === 0 &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      req.headers.authorization === undefined &&
      url.searchParams.get('write') !== 'true'
    );
  }

  async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    name: string,
    path: string,
  ): Promise<void> {
    const key = `${path} ${req.headers.accept ?? ''}`;
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.core.settings.cdnCacheMs) {
      return sendAnswer(req, res, hit.answer, {
        age: String(Math.floor((now - hit.at) / 1000)),
        'x-sandbox-cdn': 'HIT',
      });
    }
    const answer = await readPackument(this.core, req, name, []);
    // Like a CDN, only successful and not-found answers are kept.
    if (answer.status === 200 || answer.status === 404) this.entries.set(key, { at: now, answer });
    sendAnswer(req, res, answer, {
      'cache-control': `public, max-age=${Math.floor(this.core.settings.cdnCacheMs / 1000)}`,
      'x-sandbox-cdn': 'MISS',
    });
  }
}
