import type { CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';
import { registryRequest } from '../registry/index.js';

/** The parts of a registry answer the 2FA logic looks at. */
export interface RegistryAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** A 2FA challenge: a plain OTP request, or npm's web flow with `authUrl`/`doneUrl`. */
export type OtpChallenge = { kind: 'otp' } | { kind: 'web'; authUrl: string; doneUrl: string };

function header(answer: RegistryAnswer, name: string): string {
  const v = answer.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

/**
 * npm-registry-fetch's rule: a 401 whose `www-authenticate` names `otp`, or whose body says
 * "one-time pass", asks for a one-time password. A body with `authUrl` and `doneUrl` offers the web flow.
 */
export function otpChallenge(answer: RegistryAnswer): OtpChallenge | undefined {
  if (answer.status !== 401) return undefined;
  const www = header(answer, 'www-authenticate').toLowerCase();
  const body = answer.json as { authUrl?: unknown; doneUrl?: unknown } | undefined;
  if (body && typeof body.authUrl === 'string' && typeof body.doneUrl === 'string') {
    return { kind: 'web', authUrl: body.authUrl, doneUrl: body.doneUrl };
  }
  if (www.includes('otp') || /one-time pass/.test(answer.text)) return { kind: 'otp' };
  return undefined;
}

/** Seconds (or an HTTP date) in `Retry-After`, as milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(
  value: string | string[] | undefined,
  now: number,
): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.ceil(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * npm's web 2FA: after the person opened `authUrl`, `GET doneUrl` answers 202 (wait `Retry-After`,
 * ask again) until it answers 200 `{ token }`, which is then sent as the one-time password.
 * The user's token goes along only when `doneUrl` is on the registry's own origin.
 */
export async function pollWebAuth(
  challenge: { authUrl: string; doneUrl: string },
  auth: { registry: string; token: string; timeoutMs: number },
  ctx: CoreContext,
): Promise<string> {
  const deadline = ctx.now() + auth.timeoutMs;
  const sameOrigin =
    new URL(challenge.doneUrl, auth.registry).origin === new URL(auth.registry).origin;
  for (;;) {
    // 202 means "not yet": polled here at the pace the registry asks for, so not retried by the client.
    const res = await registryRequest(
      {
        method: 'GET',
        url: new URL(challenge.doneUrl, auth.registry),
        ...(sameOrigin ? { token: auth.token } : {}),
        retry: false,
        networkErrorCode: 'TRUST_NETWORK',
        purpose: 'the web-authentication poll',
      },
      ctx,
    );
    const { status, text } = res;
    const wait = retryAfterMs(res.headers['retry-after'], ctx.now());
    if (status === 200) {
      const token = (safeJson(text) as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) {
        throw new TrustpubError(
          'TRUST_MALFORMED_RESPONSE',
          'The web authentication finished but the registry sent no token.',
          {
            hint: FIXES.TRUST_MALFORMED_RESPONSE.webAuthentication,
            httpStatus: status,
          },
        );
      }
      ctx.secrets.add(token);
      return token;
    }
    if (status !== 202 || ctx.now() >= deadline) {
      throw new TrustpubError(
        'TRUST_OTP_REQUIRED',
        `Web authentication did not complete (${status === 202 ? 'timed out' : `HTTP ${status}`}).`,
        {
          hint: FIXES.TRUST_OTP_REQUIRED.webAuthentication({ authUrl: challenge.authUrl }),
          httpStatus: status,
        },
      );
    }
    await ctx.sleep(Math.min(wait ?? 1000, Math.max(0, deadline - ctx.now())));
  }
}

/** Parses JSON without throwing; registries answer errors in text and HTML too. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
