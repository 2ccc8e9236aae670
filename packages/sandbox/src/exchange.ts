import type http from 'node:http';
import * as jose from 'jose';
import { bearerOf, readBody, sendJson } from './http-util.js';
import { decodeNameSegment } from './package-path.js';
import type { SandboxCore } from './sandbox-core.js';
import { mismatchedClaim } from './trust-match.js';

/** CircleCI ID tokens older than this are refused (npm's docs: refresh right before publishing). */
const CIRCLECI_MAX_AGE_S = 300;

const answer = (res: http.ServerResponse, status: number, what: string): void =>
  sendJson(res, status, { message: `OIDC token exchange error - ${what}` });

/**
 * `POST /-/npm/v1/oidc/token/exchange/package/<escaped name>`, answered as npmjs does:
 * 201 `{token_type, token, created, expires}`; 401 `unauthorized` for a token the registry does not trust
 * (signature, issuer, expiry, an audience that is not this registry's, stale CircleCI token); 404
 * `package not found` when the package does not exist, has no trusted publisher, the claims do not
 * match it, or the job ran on a self-hosted runner; 400 `bad request` for an unreadable request.
 */
export async function handleExchange(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  segment: string,
): Promise<void> {
  await readBody(req);
  const name = decodeNameSegment(segment);
  const idToken = bearerOf(req);
  if (!name) return answer(res, 400, 'bad request');
  if (!idToken) return answer(res, 401, 'unauthorized');
  let claims: jose.JWTPayload;
  try {
    ({ payload: claims } = await jose.jwtVerify(idToken, core.issuer.jwks, {
      issuer: core.issuer.url,
      audience: audiences(core, req),
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat'],
    }));
  } catch {
    return answer(res, 401, 'unauthorized');
  }
  const isCircle = typeof claims['oidc.circleci.com/org-id'] === 'string';
  if (isCircle && Date.now() / 1000 - (claims.iat ?? 0) > CIRCLECI_MAX_AGE_S)
    return answer(res, 401, 'unauthorized');
  if (!core.packageExists(name)) return answer(res, 404, 'package not found');
  const config = core.trust.get(name);
  if (!config) return answer(res, 404, 'package not found');
  // Only cloud-hosted runners are supported (npm docs); npmjs's answer at exchange time is unobserved.
  if (claims.runner_environment === 'self-hosted') return answer(res, 404, 'package not found');
  if (mismatchedClaim(config, claims) !== undefined) return answer(res, 404, 'package not found');
  const minted = await core.mintExchanged(name, config);
  sendJson(res, 201, {
    token_type: 'oidc',
    token: minted.token,
    created: new Date(minted.created).toISOString(),
    expires: new Date(minted.expires).toISOString(),
  });
}

/**
 * The audiences clients ask for this registry: `npm:<host name>` (npm and pnpm use the URL's host name)
 * and `npm:<host>:<port>` (yarn uses the URL's host, port included), for the sandbox's own address and
 * for the name the client addressed it by (e.g. `localhost`). Any other audience, `npm:registry.npmjs.org`
 * included, is a token meant for another registry and refused.
 */
export function audiences(core: SandboxCore, req: http.IncomingMessage): string[] {
  const own = new URL(core.registry);
  const names = new Set([`npm:${own.hostname}`, `npm:${own.host}`]);
  const host = req.headers.host;
  if (host && URL.canParse(`http://${host}`)) {
    const addressed = new URL(`http://${host}`);
    names.add(`npm:${addressed.hostname}`);
    names.add(`npm:${addressed.host}`);
  }
  return [...names];
}
