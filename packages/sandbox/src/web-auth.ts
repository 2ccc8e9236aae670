import crypto from 'node:crypto';
import type http from 'node:http';
import { sendJson } from './http-util.js';
import { recordMinted } from './minted-log.js';
import type { UserTokenRecord } from './core-records.js';
import type { SandboxCore } from './sandbox-core.js';

/**
 * npmjs's web 2FA: a change without `npm-otp` by a user with web auth gets
 * 401 `{authUrl, doneUrl}`. Opening `authUrl` stands in for the browser login; `GET doneUrl` answers
 * 202 with `Retry-After` until then, and afterwards 200 `{token}`, a one-time code for `npm-otp`.
 */
export function webAuthChallenge(
  core: SandboxCore,
  user: UserTokenRecord,
  res: http.ServerResponse,
): void {
  const id = crypto.randomUUID();
  core.webAuths.set(id, { user, approved: false });
  sendJson(
    res,
    401,
    {
      authUrl: new URL(`-/trustpub-sandbox/web-auth/${id}`, core.registry).href,
      doneUrl: new URL(`-/v1/done?authId=${id}`, core.registry).href,
    },
    { 'www-authenticate': 'OTP' },
  );
}

/** Five minutes, as npmjs's web login offers to skip two-factor authentication for. */
const SKIP_2FA_MS = 5 * 60_000;

/**
 * `GET /-/trustpub-sandbox/web-auth/<id>[?skip-2fa]`: the person logged in and confirmed; `skip-2fa`
 * stands for ticking "skip two-factor authentication for the next 5 minutes" on that page.
 */
export function approveWebAuth(
  core: SandboxCore,
  res: http.ServerResponse,
  id: string,
  skip2fa = false,
): void {
  const pending = core.webAuths.get(id);
  if (!pending) return sendJson(res, 404, { error: 'Unknown or finished login' });
  pending.approved = true;
  if (skip2fa) pending.user.skip2faUntil = core.settings.otpClock() + SKIP_2FA_MS;
  sendJson(res, 200, { ok: 'authenticated; return to the command line' });
}

/** `GET /-/v1/done?authId=<id>`: 202 until approved, then the one-time code (once). */
export function pollWebAuth(core: SandboxCore, res: http.ServerResponse, id: string): void {
  const pending = core.webAuths.get(id);
  if (!pending) return sendJson(res, 404, { error: 'Unknown or finished login' });
  if (!pending.approved) return sendJson(res, 202, {}, { 'retry-after': '1' });
  core.webAuths.delete(id);
  const code = crypto.randomBytes(16).toString('hex');
  recordMinted('user-token', code);
  pending.user.webCodes.add(code);
  sendJson(res, 200, { token: code });
}
