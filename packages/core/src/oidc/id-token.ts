import { audiencesOf, decodeClaims } from './claims.js';
import type { CoreContext, CiInfo, IdTokenCache, IdTokenClaims } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import {
  CIRCLECI_MAX_TOKEN_AGE_SECONDS,
  circleciCommand,
  mintCircleciIdToken,
} from './id-token-circleci.js';
import { idTokenFromEnv } from './id-token-env.js';
import { requestGithubIdToken } from './id-token-github.js';

/** npm's audience: `npm:` + the registry's hostname (no port, no path), e.g. `npm:registry.npmjs.org`. */
export function audienceFor(registry: string): string {
  return `npm:${new URL(registry).hostname}`;
}

/**
 * An ID token for `audience`. npm audiences (`npm:<host>`): `NPM_ID_TOKEN` first (any CI), then GitHub's
 * request flow, or a fresh CircleCI token from the `circleci` CLI. The `sigstore` audience: `SIGSTORE_ID_TOKEN`,
 * then GitHub's request flow; `NPM_ID_TOKEN` never answers it (it is issued for the registry, and Fulcio
 * refuses it). The token is checked locally before use (is a JWT, not expired, issued for this audience)
 * so the failure names the claim instead of a bare registry 401.
 */
export async function getIdToken(ci: CiInfo, audience: string, ctx: CoreContext): Promise<string> {
  const npmAudience = audience.startsWith('npm:');
  let token = npmAudience ? idTokenFromEnv(ctx) : sigstoreTokenFromEnv(audience, ctx);
  if (ci.provider === 'circleci' && npmAudience) token = await circleciToken(token, audience, ctx);
  else if (!token && ci.provider === 'github') token = await requestGithubIdToken(audience, ctx);
  if (!token) throw missing(ci, audience);
  checkIdToken(token, audience, ctx);
  return token;
}

/** Throws when the token cannot work for `audience` at `ctx.now()`; returns its claims otherwise. */
export function checkIdToken(token: string, audience: string, ctx: CoreContext): IdTokenClaims {
  const claims = decodeClaims(token);
  const now = ctx.now() / 1000;
  if (typeof claims.exp === 'number' && claims.exp <= now) {
    throw new TrustpubError(
      'ID_TOKEN_EXPIRED',
      `The ID token expired ${Math.round(now - claims.exp)}s ago (claim "exp" = ${claims.exp}).`,
      {
        hint: FIXES.ID_TOKEN_EXPIRED,
        details: { exp: claims.exp },
      },
    );
  }
  const audiences = audiencesOf(claims);
  if (!audiences.includes(audience)) {
    throw new TrustpubError(
      'ID_TOKEN_AUDIENCE_MISMATCH',
      `The ID token's "aud" claim is ${JSON.stringify(claims.aud ?? '(missing)')}, but this registry only accepts "${audience}".`,
      {
        hint: FIXES.ID_TOKEN_AUDIENCE_MISMATCH({ audience }),
        details: { aud: claims.aud ?? '(missing)', expectedAudience: audience },
      },
    );
  }
  return claims;
}

/**
 * One ID token per audience for the whole run (a release of many packages asks the CI once), renewed
 * when it is about to expire or, on CircleCI, when it is older than the registry accepts.
 */
export function createIdTokenCache(ci: CiInfo, ctx: CoreContext): IdTokenCache {
  const cache = new Map<string, Promise<string>>();
  return {
    async get(audience) {
      const cached = cache.get(audience);
      if (cached) {
        try {
          const token = await cached;
          if (stillFresh(ci, token, ctx)) return token;
        } catch {
          // A failed attempt is not remembered: the next package asks again and gets its own error.
        }
      }
      const next = getIdToken(ci, audience, ctx);
      cache.set(audience, next);
      next.catch(() => {
        if (cache.get(audience) === next) cache.delete(audience);
      });
      return next;
    },
  };
}

function stillFresh(ci: CiInfo, token: string, ctx: CoreContext): boolean {
  const claims = decodeClaims(token);
  const now = ctx.now() / 1000;
  if (typeof claims.exp === 'number' && claims.exp - now < 60) return false;
  if (ci.provider === 'circleci' && typeof claims.iat === 'number')
    return now - claims.iat < CIRCLECI_MAX_TOKEN_AGE_SECONDS;
  return true;
}

/** CircleCI: use NPM_ID_TOKEN while it is young enough, otherwise mint a fresh one with the CLI. */
async function circleciToken(
  fromEnv: string | undefined,
  audience: string,
  ctx: CoreContext,
): Promise<string> {
  const age = fromEnv ? ageSeconds(fromEnv, ctx) : undefined;
  if (fromEnv && (age === undefined || age < CIRCLECI_MAX_TOKEN_AGE_SECONDS)) return fromEnv;
  const fresh = await mintCircleciIdToken(audience, ctx);
  if (fresh) {
    if (fromEnv)
      ctx.logger.info(
        `NPM_ID_TOKEN was issued ${age}s ago; using a fresh CircleCI ID token instead.`,
      );
    return fresh;
  }
  if (!fromEnv) throw missing({ provider: 'circleci', canRequestIdToken: false }, audience);
  throw new TrustpubError(
    'ID_TOKEN_CIRCLECI_STALE',
    `NPM_ID_TOKEN was issued ${age}s ago; the registry refuses CircleCI ID tokens older than about 5 minutes, and the \`circleci\` CLI is not on PATH to get a fresh one.`,
    {
      hint: FIXES.ID_TOKEN_CIRCLECI_STALE({ command: circleciCommand(audience) }),
      details: { ageSeconds: age },
    },
  );
}

function ageSeconds(token: string, ctx: CoreContext): number | undefined {
  try {
    const iat = decodeClaims(token).iat;
    return typeof iat === 'number' ? Math.round(ctx.now() / 1000 - iat) : undefined;
  } catch {
    return undefined; // checkIdToken reports the malformed token with its own code.
  }
}

/** `SIGSTORE_ID_TOKEN` for the `sigstore` audience (as npm reads it); no variable answers other audiences. */
function sigstoreTokenFromEnv(audience: string, ctx: CoreContext): string | undefined {
  if (audience !== 'sigstore') return undefined;
  const value = ctx.env.SIGSTORE_ID_TOKEN?.trim();
  if (value) ctx.secrets.add(value);
  return value || undefined;
}

function missing(ci: CiInfo, audience: string): TrustpubError {
  if (!audience.startsWith('npm:')) {
    const variable = audience === 'sigstore' ? 'SIGSTORE_ID_TOKEN is not set and ' : '';
    return new TrustpubError(
      'ID_TOKEN_MISSING',
      `No ID token for audience "${audience}" is available on ${ci.provider}: ${variable}this is not a GitHub job that can request one (NPM_ID_TOKEN is for the registry's audience only).`,
      {
        hint:
          audience !== 'sigstore'
            ? FIXES.ID_TOKEN_MISSING.otherAudience
            : ci.provider === 'gitlab'
              ? FIXES.ID_TOKEN_MISSING.sigstoreOnGitlab
              : FIXES.ID_TOKEN_MISSING.sigstore,
      },
    );
  }
  const hint =
    ci.provider === 'gitlab'
      ? FIXES.ID_TOKEN_MISSING.gitlab({ audience })
      : ci.provider === 'circleci'
        ? FIXES.ID_TOKEN_MISSING.circleci({ command: circleciCommand(audience) })
        : FIXES.ID_TOKEN_MISSING.github;
  return new TrustpubError(
    'ID_TOKEN_MISSING',
    `No ID token is available on ${ci.provider}: NPM_ID_TOKEN is not set${ci.provider === 'circleci' ? ' and the `circleci` CLI is not on PATH' : ''}.`,
    {
      hint,
    },
  );
}
