import { sendRequest, type CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError, neutraliseText } from '../errors/index.js';
import { retrySettings, timeoutFor, type RequestKind } from './request-policy.js';
import { checkTokenTransport } from './transport.js';

/**
 * How idempotent requests are retried. Only 408, 429 (honouring `Retry-After`), 5xx and connection
 * failures are retried; every other answer is returned to the caller at once. POSTs and PUTs are never
 * retried unless the caller opts in, because the registry may have acted on the first attempt.
 */
export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  /** Delay before the first retry; each next delay is multiplied by `factor`, capped at `maxDelayMs`. */
  minDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the 429 is returned instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  retries: 2,
  minDelayMs: 1_000,
  factor: 4,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

export interface RegistryRequestOptions {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  url: string | URL;
  /** Sent as `Authorization: Bearer <token>`; registered as a secret first. */
  token?: string | undefined;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** `false` never retries; defaults to the default policy for GET/HEAD/DELETE and `false` otherwise. */
  retry?: Partial<RetryPolicy> | false;
  /**
   * What the request is for: picks its time limit (TRUSTPUB_TIMEOUT_<KIND>) when `timeoutMs` is not
   * given, and makes the retry count and first delay follow TRUSTPUB_RETRIES / TRUSTPUB_RETRY_DELAY_MS.
   */
  kind?: RequestKind;
  /** Time to wait for response headers (ms). */
  timeoutMs?: number;
  /** Time allowed between body chunks (ms). */
  bodyTimeoutMs?: number;
  /** The code thrown when no answer arrives (network failure or timeout). */
  networkErrorCode?: 'ID_TOKEN_NETWORK' | 'EXCHANGE_NETWORK' | 'TRUST_NETWORK';
  /** What this request is for, in messages: "the token exchange", "the packument request". */
  purpose?: string;
}

export interface RegistryResponse {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  bytes: Buffer;
  text: string;
}

const RETRYABLE_STATUS = (s: number): boolean => s === 408 || s === 429 || (s >= 500 && s <= 599);
const RETRYABLE_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_ERRORS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * One HTTP request through the context's undici dispatcher, with timeouts, the retry policy above, a
 * redacted debug log line per attempt, and errors that never carry a credential. Any status is
 * returned; only "no answer at all" throws.
 */
export async function registryRequest(
  opts: RegistryRequestOptions,
  ctx: CoreContext,
): Promise<RegistryResponse> {
  ctx.secrets.add(opts.token);
  if (opts.token) checkTokenTransport(opts.url, opts.purpose ?? 'a request');
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    throw new TrustpubError(
      'CONFIG_REGISTRY_INVALID',
      `${opts.purpose ?? 'A request'} has no valid URL: ${ctx.secrets.redact(String(opts.url))}.`,
      {
        hint: FIXES.CONFIG_REGISTRY_INVALID,
      },
    );
  }
  const idempotent = opts.method === 'GET' || opts.method === 'HEAD' || opts.method === 'DELETE';
  const policy: RetryPolicy | undefined =
    opts.retry === false || (opts.retry === undefined && !idempotent)
      ? undefined
      : { ...DEFAULT_RETRY_POLICY, ...retrySettings(ctx), ...opts.retry };
  const timeoutMs = opts.timeoutMs ?? timeoutFor(opts.kind ?? 'other', ctx);
  const headers: Record<string, string> = {
    'user-agent': ctx.userAgent,
    accept: 'application/json',
    ...opts.headers,
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const where = `${opts.method} ${ctx.secrets.redact(url.href)}`;

  for (let attempt = 0; ; attempt++) {
    const started = ctx.now();
    const canRetry = policy !== undefined && attempt < policy.retries;
    try {
      const res = await sendRequest(url, {
        dispatcher: ctx.dispatcher,
        method: opts.method,
        headers,
        body: opts.body === undefined ? null : opts.body,
        headersTimeout: timeoutMs,
        bodyTimeout: opts.bodyTimeoutMs ?? timeoutMs,
      });
      const bytes = res.body;
      ctx.logger.debug(`${where} ${res.statusCode} ${ctx.now() - started}ms`);
      if (canRetry && RETRYABLE_STATUS(res.statusCode)) {
        const wait = retryDelay(policy, attempt, res.headers['retry-after'], ctx.now());
        if (wait !== undefined) {
          ctx.logger.debug(`${where}: retrying after ${res.statusCode} in ${wait}ms`);
          await ctx.sleep(wait);
          continue;
        }
      }
      return { status: res.statusCode, headers: res.headers, bytes, text: bytes.toString('utf8') };
    } catch (error) {
      const code = errorCode(error);
      if (canRetry && code && RETRYABLE_ERRORS.has(code)) {
        const wait = backoff(policy, attempt);
        ctx.logger.debug(`${where}: retrying after ${code} in ${wait}ms`);
        await ctx.sleep(wait);
        continue;
      }
      throw networkError(opts, where, error, code, attempt + 1, ctx);
    }
  }
}

/** Parses a body as JSON without trusting its shape: the caller narrows the `unknown`. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The registry's own explanation (`error` or `message`), redacted and shortened, if it gave one. */
export function registryMessageOf(text: string, ctx: CoreContext): string | undefined {
  const parsed = parseJson(text);
  let message: unknown;
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) {
    const body = parsed.value as Record<string, unknown>;
    message = body.error ?? body.message ?? body.reason;
  } else if (!parsed.ok && text.trim()) {
    message = text.trim();
  }
  if (typeof message !== 'string' || !message) return undefined;
  const redacted = neutraliseText(ctx.secrets.redact(message));
  return redacted.length > 500 ? `${redacted.slice(0, 500)}...` : redacted;
}

function backoff(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** attempt);
}

/** Retry-After is either delta-seconds or an HTTP date; undefined means "do not wait that long". */
function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  header: unknown,
  now: number,
): number | undefined {
  const value: unknown = Array.isArray(header) ? (header as unknown[])[0] : header;
  if (typeof value !== 'string' || !value.trim()) return backoff(policy, attempt);
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return backoff(policy, attempt);
  if (ms > policy.maxRetryAfterMs) return undefined;
  return Math.max(0, Math.ceil(ms));
}

function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  // undici wraps socket errors; the useful code may sit on the cause.
  for (let depth = 0; depth < 3 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkError(
  opts: RegistryRequestOptions,
  where: string,
  error: unknown,
  code: string | undefined,
  attempts: number,
  ctx: CoreContext,
): TrustpubError {
  const timedOut = code !== undefined && TIMEOUT_ERRORS.has(code);
  const reason = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
  const purpose = opts.purpose ? `${opts.purpose} (${where})` : where;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new TrustpubError(
    opts.networkErrorCode ?? (timedOut ? 'REGISTRY_TIMEOUT' : 'REGISTRY_NETWORK'),
    `${purpose} got no answer${tries}: ${timedOut ? 'timed out' : 'connection failed'} (${code ?? 'no code'}: ${reason}).`,
    {
      hint: opts.networkErrorCode
        ? FIXES[opts.networkErrorCode]({ origin: url(opts) })
        : FIXES[timedOut ? 'REGISTRY_TIMEOUT' : 'REGISTRY_NETWORK'].request({ origin: url(opts) }),
      details: { errorCode: code ?? null, attempts },
    },
  );
}

function url(opts: RegistryRequestOptions): string {
  return new URL(opts.url).origin;
}
