import type { CoreContext } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import { registryRequest } from '../registry/index.js';
import { checkTokenTransport } from '../registry/index.js';
import { otpChallenge, pollWebAuth, retryAfterMs, safeJson, type RegistryAnswer } from './otp.js';

/** How the trust API is reached and how 2FA, rate limits and pacing are handled. */
export interface TrustAuthOptions {
  registry: string;
  /** The user's token (from an environment variable; never a flag value). */
  token: string;
  /** A one-time password given up front (`--otp`, `NPM_CONFIG_OTP`). */
  otp?: string;
  /** Asks the person for a one-time password; absent when not interactive. */
  promptOtp?: (reason: 'required' | 'refused') => Promise<string | undefined>;
  /** Shows the web-2FA URL to the person (the registry's `authUrl`). */
  onWebAuth?: (authUrl: string, doneUrl: string) => void;
  /** Minimum milliseconds between two calls (default 0). */
  pacingMs?: number;
  /** How many `429` answers one call may wait through (default 8). */
  maxRateLimitWaits?: number;
  /** A `Retry-After` longer than this fails instead of waiting (default 120 000 ms). */
  maxRetryAfterMs?: number;
  /** How long to poll `doneUrl` in the web flow (default 300 000 ms). */
  webAuthTimeoutMs?: number;
  /** How many times in a row a person is asked for a new one-time password (default 3). */
  maxOtpPrompts?: number;
}

/** Sends trust-API calls with the user's token, a one-time password when needed, pacing and 429 waits. */
export interface TrustTransport {
  send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: unknown,
    packageName: string,
  ): Promise<RegistryAnswer>;
  /** The full URL of a registry path, for messages. */
  url(path: string): string;
}

/** Builds the transport; the token is registered as a secret the moment it arrives here. */
export function createTrustTransport(options: TrustAuthOptions, ctx: CoreContext): TrustTransport {
  ctx.secrets.add(options.token);
  ctx.secrets.add(options.otp);
  // A maintainer token is as valuable as an ID token: never in plain text to another machine.
  checkTokenTransport(options.registry, 'the trust API');
  let otp = options.otp || undefined;
  // A code from a web login is good for one change; after that the registry either lets the user's
  // changes through without one (the login's "skip 2FA for 5 minutes") or asks again with a new login.
  let otpIsWebCode = false;
  let lastCallAt: number | undefined;
  const base = options.registry.replace(/\/?$/, '/');
  const url = (p: string) => base + p.replace(/^\//, '');

  async function pace(): Promise<void> {
    const pacing = options.pacingMs ?? 0;
    if (pacing > 0 && lastCallAt !== undefined) {
      const wait = lastCallAt + pacing - ctx.now();
      if (wait > 0) await ctx.sleep(wait);
    }
    lastCallAt = ctx.now();
  }

  // Through the one registry client (timeouts, redaction, no-answer errors); not retried there: 429s
  // and 2FA challenges are answered below, and a trust write may have been applied before a reset.
  async function once(
    method: 'GET' | 'POST' | 'DELETE',
    target: string,
    body: unknown,
    packageName: string,
  ): Promise<RegistryAnswer> {
    await pace();
    const res = await registryRequest(
      {
        method,
        url: target,
        token: options.token,
        headers: {
          // npm-registry-fetch: "legacy" when an OTP is sent, "web" when the web flow may be offered.
          'npm-auth-type': otp ? 'legacy' : 'web',
          'npm-command': 'trust',
          ...(otp ? { 'npm-otp': otp } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        retry: false,
        networkErrorCode: 'TRUST_NETWORK',
        purpose: `the trust request for ${packageName}`,
      },
      ctx,
    );
    return { status: res.status, headers: res.headers, text: res.text, json: safeJson(res.text) };
  }

  async function send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: unknown,
    packageName: string,
  ): Promise<RegistryAnswer> {
    const target = url(path);
    let waits = 0;
    let prompts = 0;
    let webRounds = 0;
    for (;;) {
      const answer = await once(method, target, body, packageName);
      if (answer.status === 429) {
        const asked = retryAfterMs(answer.headers['retry-after'], ctx.now());
        const ms = asked ?? Math.min(1000 * 2 ** waits, 30_000);
        const max = options.maxRateLimitWaits ?? 8;
        if (waits >= max || ms > (options.maxRetryAfterMs ?? 120_000)) {
          throw new TrustpubError(
            'TRUST_RATE_LIMITED',
            `The registry kept refusing ${method} ${target} with 429 Too Many Requests (waited ${waits} time${waits === 1 ? '' : 's'}; it asks for ${Math.ceil(ms / 1000)}s more).`,
            {
              hint: FIXES.TRUST_RATE_LIMITED,
              httpStatus: 429,
              packageName,
            },
          );
        }
        ctx.logger.warn(
          `rate limited by the registry (429) on ${packageName}; waiting ${Math.ceil(ms / 1000)}s${asked === undefined ? '' : ' (Retry-After)'}`,
        );
        waits += 1;
        await ctx.sleep(ms);
        continue;
      }
      const challenge = otpChallenge(answer);
      if (!challenge) {
        if (otpIsWebCode) {
          otp = undefined;
          otpIsWebCode = false;
        }
        return answer;
      }
      const refused = otp !== undefined;
      if (challenge.kind === 'web' && webRounds < 3) {
        webRounds += 1;
        if (options.onWebAuth) options.onWebAuth(challenge.authUrl, challenge.doneUrl);
        else ctx.logger.warn(`Open this URL in your browser to authenticate: ${challenge.authUrl}`);
        otpIsWebCode = true;
        otp = await pollWebAuth(
          challenge,
          { registry: base, token: options.token, timeoutMs: options.webAuthTimeoutMs ?? 300_000 },
          ctx,
        );
        continue;
      }
      if (!options.promptOtp || prompts >= (options.maxOtpPrompts ?? 3))
        throw otpError(refused, packageName, options.promptOtp !== undefined);
      prompts += 1;
      const entered = (await options.promptOtp(refused ? 'refused' : 'required'))?.trim();
      if (!entered) throw otpError(refused, packageName, true);
      otp = entered;
      otpIsWebCode = false;
      ctx.secrets.add(otp);
    }
  }

  return { send, url };
}

function otpError(refused: boolean, packageName: string, interactive: boolean): TrustpubError {
  if (!refused) {
    return new TrustpubError(
      'TRUST_OTP_REQUIRED',
      'This operation requires a one-time password from your authenticator.',
      {
        hint: interactive
          ? FIXES.TRUST_OTP_REQUIRED.interactive
          : FIXES.TRUST_OTP_REQUIRED.notInteractive,
        httpStatus: 401,
        packageName,
      },
    );
  }
  return new TrustpubError(
    'TRUST_OTP_INVALID',
    `The registry refused the one-time password for ${packageName}: it was mistyped or has expired.`,
    {
      hint: interactive
        ? FIXES.TRUST_OTP_INVALID.interactive
        : FIXES.TRUST_OTP_INVALID.notInteractive,
      httpStatus: 401,
      packageName,
    },
  );
}
