// The decode entry alone: the whole of jose (keys, JWS, JWE) costs ~50 ms more at every start.
import { decodeJwt } from 'jose/jwt/decode';
import { TrustpubError, FIXES } from '../errors/index.js';
import type { IdTokenClaims } from '../kernel/index.js';

/**
 * Decodes a JWT's payload for diagnostics and local sanity checks. The signature is NOT checked: the
 * registry verifies it, and we only read claims to explain what the registry will match against.
 */
export function decodeClaims(jwt: string): IdTokenClaims {
  const parts = jwt.split('.');
  const payload = parts[1];
  if (parts.length !== 3 || !payload) {
    throw invalid(`it has ${parts.length} dot-separated part(s) instead of 3`);
  }
  // A quoted value (`NPM_ID_TOKEN="..."` copied with its quotes), a "Bearer " prefix or a space would
  // otherwise decode fine here and be sent to the registry as is.
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(jwt)) {
    throw invalid(
      'it holds characters a JWT never has (quotes, spaces, a "Bearer " prefix?); set the variable to the bare token',
    );
  }
  try {
    // jose decodes base64url strictly (npm relies on Buffer's lenient base64, which also accepts it)
    // and insists on a JSON object; the signature is not checked here.
    return decodeJwt(jwt);
  } catch (error) {
    throw invalid(
      `its payload is not a base64url-encoded JSON object (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** The audiences a token was issued for (`aud` may be a string or an array). */
export function audiencesOf(claims: IdTokenClaims): string[] {
  if (typeof claims.aud === 'string') return [claims.aud];
  if (Array.isArray(claims.aud))
    return claims.aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** The claims a trusted-publisher configuration is matched against, per provider. */
export const MATCHED_CLAIMS: Readonly<Record<'github' | 'gitlab' | 'circleci', readonly string[]>> =
  {
    github: [
      'iss',
      'aud',
      'repository',
      'repository_owner',
      'repository_owner_id',
      'repository_id',
      'workflow_ref',
      'job_workflow_ref',
      'environment',
      'ref',
      'event_name',
      'runner_environment',
      'repository_visibility',
      'sub',
    ],
    gitlab: [
      'iss',
      'aud',
      'project_path',
      'ci_config_ref_uri',
      'environment',
      'ref',
      'runner_environment',
      'project_visibility',
      'sub',
    ],
    circleci: [
      'iss',
      'aud',
      'oidc.circleci.com/org-id',
      'oidc.circleci.com/project-id',
      'oidc.circleci.com/pipeline-definition-id',
      'oidc.circleci.com/vcs-origin',
      'oidc.circleci.com/context-ids',
      'sub',
    ],
  };

/**
 * The claims that matter for trust matching, with absent ones marked `(missing)`: safe to print (an ID
 * token's claims are not a credential; the token itself is).
 */
export function relevantClaims(
  provider: 'github' | 'gitlab' | 'circleci',
  claims: IdTokenClaims,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of MATCHED_CLAIMS[provider]) out[key] = claims[key] ?? '(missing)';
  return out;
}

function invalid(why: string): TrustpubError {
  return new TrustpubError('ID_TOKEN_INVALID_JWT', `The ID token is not a JWT: ${why}.`, {
    hint: FIXES.ID_TOKEN_INVALID_JWT,
  });
}
