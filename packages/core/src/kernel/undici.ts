import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher } from 'undici';

/**
 * undici's connection-pooling Agent. undici's package entry loads everything it ships (fetch, WebSocket,
 * EventSource, cookies, the mock and snapshot agents, the cache stores): about 110 modules and 70 ms of
 * every start-up, before the first request can leave. The Agent lives in one file of the same package,
 * which loads about 40 modules, so it is required from there. undici's package.json has no `exports`
 * map, so the path resolves like its entry. The core pins undici's exact version, and `undici.test.ts`
 * checks that this is the very class the entry exports: an undici update that moves it fails the tests,
 * not a user's release.
 */
export const Agent = createRequire(import.meta.url)(
  'undici/lib/dispatcher/agent.js',
) as typeof UndiciAgent;
export type Agent = UndiciAgent;

export interface SendOptions {
  dispatcher: Dispatcher;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body: string | Buffer | Uint8Array | null;
  headersTimeout: number;
  bodyTimeout: number;
}

/** A complete answer: registry answers are small JSON documents, read whole. */
export interface SentResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request through the dispatcher's documented `dispatch()` API, its answer collected into one
 * buffer. undici's `request()` wraps the same call in an async resource and a readable stream for the
 * body, which cost a release more CPU per request than the rest of the request's handling, for answers
 * that are read whole anyway. Rejects with undici's own errors (timeouts, socket errors with their code).
 */
export function sendRequest(url: URL, opts: SendOptions): Promise<SentResponse> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    let headers: IncomingHttpHeaders = {};
    let chunks: Buffer[] = [];
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {
        chunks = []; // a request undici sends again starts over
      },
      onResponseStart(_controller, code, answered) {
        if (code < 200) return; // an informational answer; the real one follows
        statusCode = code;
        headers = answered;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        resolve({ statusCode, headers, body: Buffer.concat(chunks) });
      },
      onResponseError(_controller, error) {
        reject(error);
      },
    };
    try {
      opts.dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.search ? `${url.pathname}${url.search}` : url.pathname,
          method: opts.method,
          headers: opts.headers,
          body: opts.body,
          headersTimeout: opts.headersTimeout,
          bodyTimeout: opts.bodyTimeout,
        },
        handler,
      );
    } catch (error) {
      // undici refuses invalid options synchronously, with its own Error subclasses.
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
