import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher } from 'undici';

/**
 * The two parts of undici a release uses: its connection-pooling Agent and its request API.
 *
 * undici's package entry loads everything it ships (fetch, WebSocket, EventSource, cookies, the mock and
 * snapshot agents, the cache stores): about 110 modules and 70 ms of every start-up, before the first
 * request can leave. Its Agent and request API live in two files of the same package, which load about
 * 40 modules in 40 ms, so they are required from there. undici's package.json has no `exports` map, so
 * these paths resolve like its entry. The core pins undici's exact version, and `undici.test.ts` checks
 * that these are the very objects the entry exports: an undici update that moves them fails the tests,
 * not a user's release.
 */
const load = createRequire(import.meta.url);

export const Agent = load('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
export type Agent = UndiciAgent;

const apiRequest = load('undici/lib/api/api-request.js') as (
  this: Dispatcher,
  opts: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

export interface SendOptions {
  dispatcher: Dispatcher;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body: string | Buffer | Uint8Array | null;
  headersTimeout: number;
  bodyTimeout: number;
}

/** One request through `dispatcher`, as undici's `request(url, opts)` sends it. */
export function sendRequest(url: URL, opts: SendOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = opts;
  return apiRequest.call(dispatcher, {
    ...rest,
    origin: url.origin,
    path: url.search ? `${url.pathname}${url.search}` : url.pathname,
  });
}
