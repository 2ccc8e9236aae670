import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/** Fixes: CI identity, ID tokens and the token exchange. */
export const OIDC_FIXES = {
  ID_TOKEN_EXPIRED:
    'Obtain the ID token right before publishing, in the same job step; do not reuse one from an earlier step or job.',
  ID_TOKEN_FORK_PULL_REQUEST:
    'Publish from a trigger a fork cannot start: a push to your default branch or a tag, a release, or workflow_dispatch.',
  ID_TOKEN_INVALID_JWT:
    'NPM_ID_TOKEN must hold the raw ID token (three base64url parts separated by dots), not a file path, JSON or a quoted value.',
  ID_TOKEN_MALFORMED_RESPONSE:
    "This is a problem on GitHub's side or a proxy in between: re-run the job; check githubstatus.com if it persists.",
  ID_TOKEN_REQUEST_URL_INVALID:
    'Do not set or override ACTIONS_ID_TOKEN_REQUEST_URL yourself; the GitHub runner sets it when the job has `id-token: write`.',
  ID_TOKEN_VALUE_MISSING:
    "This is a problem on GitHub's side: re-run the job; check githubstatus.com if it persists.",
  ID_TOKEN_PERMISSION_MISSING:
    'Add `permissions: id-token: write` to the publishing job (or workflow) in your GitHub workflow file; without it GitHub does not hand out ID tokens.',
  EXCHANGE_BAD_REQUEST:
    'Check that NPM_ID_TOKEN holds only the raw ID token and that the package name is valid; if both are, report it with the registry message.',
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
