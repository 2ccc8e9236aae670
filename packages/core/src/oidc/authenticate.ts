import { decodeClaims } from './claims.js';
import type { CoreContext, CiInfo, IdTokenCache, IdTokenClaims } from '../kernel/index.js';
import { TrustpubError, isTrustpubError, FIXES } from '../errors/index.js';
import { audienceFor, createIdTokenCache } from './id-token.js';
import { exchangeToken, type ExchangedToken } from './exchange.js';

/** How one package's registry requests are authenticated. The token is for this package only. */
export type PackageAuth =
  | { kind: 'oidc'; token: string; claims: IdTokenClaims | undefined }
  | {
      kind: 'fallback-token';
      token: string;
      claims: undefined;
      oidcError: TrustpubError | undefined;
    };

export interface AuthInput {
  packageName: string;
  registry: string;
  ci: CiInfo | undefined;
  idTokens?: IdTokenCache | undefined;
  /** Used only when trusted publishing is impossible, and then reported as such. */
  fallbackToken?: string | undefined;
  command: 'publish' | 'dist-tag';
  /**
   * Makes (or hands over) this package's exchange instead of a new request: a release passes the exchange
   * its preflight already made for the same package while that token is fresh. Failures count as the
   * exchange's own (the fallback token applies to them alike).
   */
  exchange?: (() => Promise<ExchangedToken>) | undefined;
}

/**
 * ID token for the registry's audience, then the per-package exchange. Without a supported CI, or when
 * the ID token or the exchange fails, the explicitly given fallback token is used (with a warning that
 * says why); without one the failure is the error. A token from .npmrc is never picked up silently.
 */
export async function authenticatePackage(
  input: AuthInput,
  ctx: CoreContext,
): Promise<PackageAuth> {
  ctx.secrets.add(input.fallbackToken);
  if (!input.ci) {
    if (input.fallbackToken) {
      ctx.logger.warn(
        `${input.packageName}: not running in a supported CI, so no trusted publishing; using the fallback token you named.`,
      );
      return {
        kind: 'fallback-token',
        token: input.fallbackToken,
        claims: undefined,
        oidcError: undefined,
      };
    }
    throw new TrustpubError(
      'PUBLISH_NO_CREDENTIALS',
      `Cannot ${input.command === 'publish' ? 'publish' : 'change dist-tags of'} ${input.packageName}: no supported CI was detected (GitHub Actions, GitLab CI/CD or CircleCI; CI=false turns detection off), so there is no OIDC identity to exchange for a token.`,
      {
        hint: FIXES.PUBLISH_NO_CREDENTIALS,
        packageName: input.packageName,
      },
    );
  }
  try {
    const idTokens = input.idTokens ?? createIdTokenCache(input.ci, ctx);
    const idToken = await idTokens.get(audienceFor(input.registry));
    const exchanged = input.exchange
      ? await input.exchange()
      : await exchangeToken(
          {
            registry: input.registry,
            packageName: input.packageName,
            idToken,
            command: input.command,
            ci: input.ci,
          },
          ctx,
        );
    return { kind: 'oidc', token: exchanged.token, claims: claimsOf(idToken) };
  } catch (error) {
    if (!isTrustpubError(error) || !input.fallbackToken) throw error;
    ctx.logger.warn(
      ctx.secrets.redact(
        `${input.packageName}: trusted publishing failed (${error.code}: ${error.message}); using the fallback token you named instead.`,
      ),
    );
    return {
      kind: 'fallback-token',
      token: input.fallbackToken,
      claims: undefined,
      oidcError: error,
    };
  }
}

function claimsOf(idToken: string): IdTokenClaims | undefined {
  try {
    return decodeClaims(idToken);
  } catch {
    return undefined;
  }
}
