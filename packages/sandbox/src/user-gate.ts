import type http from 'node:http';
import { bearerOf, sendJson } from './http-util.js';
import type { SandboxCore } from './sandbox-core.js';
import { checkOtp } from './totp.js';
import { webAuthChallenge } from './web-auth.js';

/** npmjs's texts for a change that needs a one-time password (the trust API answers the same). */
export const OTP_REQUIRED =
  'You must provide a one-time pass. Upgrade your client to npm@latest in order to use 2FA.';
export const OTP_INVALID =
  'This operation requires a one-time password. The one-time pass you provided is invalid or has expired.';

type UserRecord = NonNullable<ReturnType<SandboxCore['userTokens']['get']>>;

/**
 * The maintainer behind a request: a user token (not an exchanged or read-only one), and for changes a
 * valid `npm-otp` (or npmjs's web 2FA challenge for users who log in on the web). Answers the request
 * itself and returns undefined when the caller may not go on.
 */
export function maintainerOf(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  { change }: { change: boolean },
): UserRecord | undefined {
  const token = bearerOf(req);
  const user = token === undefined ? undefined : core.userTokens.get(token);
  if (!token) {
    sendJson(
      res,
      401,
      { error: 'Authentication required' },
      { 'www-authenticate': 'Bearer realm="npm"' },
    );
    return undefined;
  }
  if (!user) {
    if (core.exchanged.has(token) || core.readTokens.has(token))
      sendJson(res, 403, { error: 'This operation requires a user token with write access' });
    else
      sendJson(
        res,
        401,
        { error: 'Invalid or expired token' },
        { 'www-authenticate': 'Bearer realm="npm"' },
      );
    return undefined;
  }
  if (!change) return user;
  const otp = req.headers['npm-otp'];
  const skipping = user.skip2faUntil !== undefined && core.settings.otpClock() < user.skip2faUntil;
  if ((typeof otp !== 'string' || !otp) && skipping) return user;
  if (typeof otp !== 'string' || !otp) {
    if (user.webAuth) webAuthChallenge(core, user, res);
    else sendJson(res, 401, { error: OTP_REQUIRED }, { 'www-authenticate': 'OTP' });
    return undefined;
  }
  if (!user.webCodes.delete(otp) && !checkOtp(user.otpSecret, otp, core.settings.otpClock())) {
    sendJson(res, 401, { error: OTP_INVALID }, { 'www-authenticate': 'OTP' });
    return undefined;
  }
  return user;
}
