import crypto from 'node:crypto';
import type http from 'node:http';
import { bearerOf, parseJson, readBody, sendJson } from './http-util.js';
import { decodeNameSegment } from './package-path.js';
import type { SandboxCore } from './sandbox-core.js';
import { checkOtp } from './totp.js';
import { trustBodyProblem } from './trust-body.js';
import type { TrustConfig, TrustConfigBody } from './types.js';
import { webAuthChallenge } from './web-auth.js';

/** npmjs's OTP challenge text; npm recognises the challenge by `www-authenticate: OTP` (docs/protocol.md, trust API). */
const OTP_REQUIRED =
  'You must provide a one-time pass. Upgrade your client to npm@latest in order to use 2FA.';
const OTP_INVALID =
  'This operation requires a one-time password. The one-time pass you provided is invalid or has expired.';

/**
 * The trust API (docs/protocol.md): `POST /-/package/<name>/trust` (an array of one configuration),
 * `GET` (the list), `DELETE .../trust/<id>`. It needs a user token (not an exchanged or read-only one);
 * changes need a valid `npm-otp`; one configuration per package (409); requests beyond the configured
 * rate answer 429 with `Retry-After`.
 */
export async function handleTrust(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  segment: string,
  idSegment: string | undefined,
): Promise<void> {
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  const token = bearerOf(req);
  const user = token === undefined ? undefined : core.userTokens.get(token);
  if (user) {
    const { requests, perMs } = core.settings.trustRateLimit;
    const now = Date.now();
    user.recent = user.recent.filter((t) => now - t < perMs);
    if (user.recent.length >= requests) {
      const retryAfter = Math.max(1, Math.ceil((perMs - (now - (user.recent[0] ?? now))) / 1000));
      return sendJson(
        res,
        429,
        { message: 'Too many requests to the trust API; try again later' },
        { 'retry-after': String(retryAfter) },
      );
    }
    user.recent.push(now);
  }
  if (!token)
    return sendJson(
      res,
      401,
      { message: 'Authentication required' },
      { 'www-authenticate': 'Bearer realm="npm"' },
    );
  if (!user) {
    const known = core.exchanged.has(token) || core.readTokens.has(token);
    if (known)
      return sendJson(res, 403, {
        message: 'Managing trusted publishers requires a user token with write access',
      });
    return sendJson(
      res,
      401,
      { message: 'Invalid or expired token' },
      { 'www-authenticate': 'Bearer realm="npm"' },
    );
  }
  const changes = method === 'POST' || method === 'DELETE';
  if (changes) {
    const otp = req.headers['npm-otp'];
    const skipping =
      user.skip2faUntil !== undefined && core.settings.otpClock() < user.skip2faUntil;
    if (typeof otp !== 'string' || !otp) {
      // A web login with "skip 2FA for 5 minutes" ticked: no code needed until it runs out.
      if (!skipping) {
        if (user.webAuth) return webAuthChallenge(core, user, res);
        return sendJson(res, 401, { error: OTP_REQUIRED }, { 'www-authenticate': 'OTP' });
      }
    } else if (
      !user.webCodes.delete(otp) &&
      !checkOtp(user.otpSecret, otp, core.settings.otpClock())
    ) {
      return sendJson(res, 401, { error: OTP_INVALID }, { 'www-authenticate': 'OTP' });
    }
  }
  const name = decodeNameSegment(segment);
  if (!name || !core.packageExists(name))
    return sendJson(res, 404, { message: 'Package not found' });
  const current = core.trust.get(name);

  if (method === 'GET' && idSegment === undefined)
    return sendJson(res, 200, current ? [current] : []);
  if (method === 'DELETE' && idSegment !== undefined) {
    if (!current || current.id !== decodeURIComponent(idSegment)) {
      return sendJson(res, 404, { message: 'Trusted publisher configuration not found' });
    }
    core.trust.delete(name);
    core.persist();
    res.writeHead(204);
    return void res.end();
  }
  if (method === 'POST' && idSegment === undefined) {
    const body = parseJson(raw);
    if (!Array.isArray(body) || body.length !== 1) {
      return sendJson(res, 400, {
        message: 'The body must be an array with exactly one trusted publisher configuration',
      });
    }
    const problem = trustBodyProblem(body[0]);
    if (problem)
      return sendJson(res, 400, { message: `Invalid trusted publisher configuration: ${problem}` });
    if (current) {
      return sendJson(res, 409, {
        message: `A trusted publisher configuration already exists for ${name}; revoke it before adding another`,
      });
    }
    return sendJson(res, 200, [storeTrust(core, name, body[0] as TrustConfigBody)]);
  }
  sendJson(res, 405, { message: `${method} is not supported here` });
}

/** Stores a configuration (replacing any), as the admin's `setTrust` and the API's create both do. */
export function storeTrust(core: SandboxCore, name: string, body: TrustConfigBody): TrustConfig {
  const config: TrustConfig = {
    id: crypto.randomUUID(),
    type: body.type,
    claims: body.claims,
    permissions: body.permissions ?? ['createPackage'],
  };
  core.trust.set(name, config);
  core.persist();
  return config;
}
