import type { CatalogueEntries } from './entry.js';

/** Catalogue entries: CI identity, ID tokens and the token exchange. */
export const OIDC_ENTRIES = {
  // CI identity and ID tokens
  CI_NOT_DETECTED: {
    title: 'No supported CI detected',
    cause:
      'None of `GITHUB_ACTIONS`, `GITLAB_CI` or `CIRCLECI` is set (or `CI=false` turns detection off, as in npm), so there is no OIDC identity.',
    howToTell:
      '`trustpub doctor` and `trustpub publish` report CI_NOT_DETECTED with "No supported CI was detected (none of GITHUB_ACTIONS, GITLAB_CI, CIRCLECI is set, or CI=false)"; nothing is sent to the registry. npm alone would fall back to a token and print ENEEDAUTH.',
  },
  ID_TOKEN_PERMISSION_MISSING: {
    title: 'GitHub job may not request ID tokens',
    cause:
      'GitHub sets `ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` only for jobs with `id-token: write`.',
    howToTell:
      'On GitHub Actions the message says ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN were not provided; `trustpub doctor` reports it once for the job. npm alone would print ENEEDAUTH or a 404 on the PUT.',
  },
  ID_TOKEN_FORK_PULL_REQUEST: {
    title: 'Pull request from a fork',
    cause: 'GitHub never gives ID tokens to workflows run for pull requests from forks.',
    howToTell:
      'The message says the job "runs for a pull request from a fork"; the job\'s event is `pull_request` and the event payload names a head repository other than the base.',
  },
  ID_TOKEN_MISSING: {
    title: 'No ID token',
    cause:
      '`NPM_ID_TOKEN` is not set and the CI offers no other way to get one (GitLab: not declared in `id_tokens`; CircleCI: no `circleci` CLI).',
    howToTell:
      'The message names the provider and the variable that is not set ("NPM_ID_TOKEN is not set", or SIGSTORE_ID_TOKEN for the `sigstore` audience); on CircleCI it adds that the `circleci` CLI is not on PATH.',
  },
  ID_TOKEN_REQUEST_FAILED: {
    title: 'ID-token request refused',
    cause:
      "GitHub's ID-token endpoint (or `circleci run oidc get`) answered with an error status after the allowed retries.",
    howToTell:
      'GitHub: "GitHub refused the ID-token request for audience ... with HTTP STATUS". CircleCI: "`circleci run oidc get` exited with code N" with its stderr.',
  },
  ID_TOKEN_REQUEST_URL_INVALID: {
    title: 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL',
    cause: 'The variable was overridden or corrupted; the runner sets a full URL.',
    howToTell:
      'The message is "ACTIONS_ID_TOKEN_REQUEST_URL is not a valid URL", before any request is made; usually a workflow or script sets that variable by hand.',
  },
  ID_TOKEN_MALFORMED_RESPONSE: {
    title: 'ID-token answer is not JSON',
    cause:
      "GitHub's ID-token endpoint answered 2xx with a body that is not JSON (an outage or a proxy).",
    howToTell:
      '"GitHub answered the ID-token request with HTTP STATUS but the body is not JSON"; typically an HTML page from a proxy or an outage.',
  },
  ID_TOKEN_VALUE_MISSING: {
    title: 'ID-token answer has no token',
    cause: 'GitHub answered JSON without a `value` field.',
    howToTell:
      '"GitHub answered the ID-token request with HTTP STATUS JSON that has no "value" field": the request succeeded but carried no token.',
  },
  ID_TOKEN_NETWORK: {
    title: 'ID-token endpoint unreachable',
    cause:
      'No answer from the ID-token endpoint (connection failure or timeout) after the allowed retries.',
    howToTell:
      '"the GitHub ID-token request got no answer" after retries, with the connection error code (ECONNRESET, ENOTFOUND, ...); no HTTP status at all.',
  },
  ID_TOKEN_INVALID_JWT: {
    title: 'ID token is not a JWT',
    cause: '`NPM_ID_TOKEN` does not hold three base64url parts with a JSON payload.',
    howToTell:
      '"The ID token is not a JWT: ..." before anything is sent; NPM_ID_TOKEN holds something other than three dot-separated base64url parts (a quoted value, JSON, a file path).',
  },
  ID_TOKEN_EXPIRED: {
    title: 'ID token expired',
    cause: "The token's `exp` claim is in the past; it was created too long before the publish.",
    howToTell:
      '"The ID token expired Ns ago (claim "exp" = ...)", checked locally before the exchange; npm alone would get a 401 from the registry.',
  },
  ID_TOKEN_AUDIENCE_MISMATCH: {
    title: 'ID token for another registry',
    cause:
      "The token's `aud` claim is not `npm:<registry hostname>` of the registry being published to.",
    howToTell:
      'The message quotes the token\'s "aud" claim next to the expected `npm:<registry host>` (e.g. "npm:registry.npmjs.org" against a private registry), before anything is sent.',
  },
  ID_TOKEN_CIRCLECI_STALE: {
    title: 'CircleCI ID token too old',
    cause:
      'The registry refuses CircleCI ID tokens about 5 minutes after issue, and the `circleci` CLI is not available to get a fresh one.',
    howToTell:
      'On CircleCI: "NPM_ID_TOKEN was issued Ns ago" with N above about 300, and the `circleci` CLI is not on PATH; npm alone would get a 401 from the exchange.',
  },
  // Exchange
  EXCHANGE_UNAUTHORIZED: {
    title: 'Registry did not accept the ID token (401)',
    cause:
      'The registry does not trust the token: its issuer (e.g. a GitHub Enterprise slug issuer), audience or expiry, or the runner is not supported.',
    howToTell:
      "The exchange (`POST /-/npm/v1/oidc/token/exchange/package/<name>`) answers HTTP 401; the error details show the token's `iss`, `aud` and `exp`. `trustpub doctor` reports it per package.",
  },
  EXCHANGE_NO_TRUSTED_PUBLISHER: {
    title: 'No matching trusted publisher (404)',
    cause:
      'The package exists, but no trusted publisher matches the job: repository, workflow file (the calling workflow), or environment differ (case-sensitive).',
    howToTell:
      "The exchange answers HTTP 404 for a package that exists; `trustpub doctor` shows EXCHANGE_NO_TRUSTED_PUBLISHER with the job's claims (repository, workflow_ref, environment) and the trusted publisher that would match. npm alone would print ENEEDAUTH or E404.",
  },
  EXCHANGE_PACKAGE_NOT_FOUND: {
    title: 'Package not on the registry (404)',
    cause:
      'The package has never been published; trusted publishing can only be configured for an existing package.',
    howToTell:
      'The exchange answers 404 and the packument GET answers 404 too ("NAME does not exist on REGISTRY yet"); `trustpub doctor` reports it without an exchange and prints a `trustpub trust ... --bootstrap` command.',
  },
  EXCHANGE_BAD_REQUEST: {
    title: 'Exchange request malformed (400)',
    cause:
      'The registry could not read the request: an invalid package name or a garbled ID token.',
    howToTell:
      'The exchange answers HTTP 400 with the registry\'s message ("rejected ... as malformed"); usually the token value or the package name in the URL is not what the registry expects.',
  },
  EXCHANGE_FORBIDDEN: {
    title: 'Exchange forbidden (403)',
    cause:
      "The package's settings do not allow this identity to publish (publishing access, or the trusted publisher lacks the publish permission).",
    howToTell:
      "The exchange answers HTTP 403 (\"refused to let this job's identity publish NAME\") with the registry's message; the trusted publisher matched but the package's settings forbid it.",
  },
  EXCHANGE_HTTP_ERROR: {
    title: 'Exchange failed (other status)',
    cause:
      'The exchange answered an unexpected status, usually 5xx or 429 (the registry had a problem).',
    howToTell:
      'The exchange answers a status other than 201, 400, 401, 403 or 404 (typically 429 or 5xx): "The token exchange for NAME failed with HTTP STATUS".',
  },
  EXCHANGE_MALFORMED_RESPONSE: {
    title: 'Exchange answer without a token',
    cause: 'The exchange answered 2xx but the body is not JSON or has no `token`.',
    howToTell:
      'The exchange answers a 2xx without a "token" field or with a body that is not JSON; the message names the status. Often a proxy or a registry that does not implement the exchange.',
  },
  EXCHANGE_NETWORK: {
    title: 'Exchange unreachable',
    cause: "No answer from the registry's exchange endpoint (connection failure or timeout).",
    howToTell:
      '"the token exchange for NAME got no answer" with a connection error code; no HTTP status. The exchange is never retried, so one failure is final for that run.',
  },
} satisfies CatalogueEntries;
