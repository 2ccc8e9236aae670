import type { CatalogueEntries } from './entry.js';

/** Catalogue entries: trust management and install auth. */
export const TRUST_ENTRIES = {
  // Trust management
  TRUST_AUTH_MISSING: {
    title: 'No user token for trust management',
    cause: 'Managing trusted publishers needs an npm user token in the named variable.',
    howToTell:
      '"The environment variable NPM_TOKEN (or the --token-env name) is not set"; `trustpub trust` stops before any request.',
  },
  TRUST_AUTH_REJECTED: {
    title: 'User token rejected',
    cause: 'The registry did not accept the user token for the trust API.',
    howToTell:
      'The trust API answered HTTP 401 (token not accepted) or 403 ("The user may not manage trusted publishers of NAME"), with the registry\'s message.',
  },
  TRUST_OTP_REQUIRED: {
    title: 'One-time password needed',
    cause: 'The account has 2FA and the trust API asks for an OTP.',
    howToTell:
      'The trust API answered 401 asking for a one-time password and none could be given (not a terminal, no --otp), or web authentication did not complete.',
  },
  TRUST_OTP_INVALID: {
    title: 'One-time password refused',
    cause: 'The OTP was wrong or expired.',
    howToTell:
      '"The registry refused the one-time password for NAME: it was mistyped or has expired"; in a terminal you are asked again first.',
  },
  TRUST_RATE_LIMITED: {
    title: 'Trust API rate limit',
    cause: 'The registry answered 429 beyond the retries trustpub waits for.',
    howToTell:
      '"The registry kept refusing METHOD URL with 429 Too Many Requests" after waiting as Retry-After asked; packages finished before are kept.',
  },
  TRUST_CONFLICT: {
    title: 'Trusted publisher already configured',
    cause: 'A package can have only one trusted publisher configuration.',
    howToTell:
      'The trust API answered HTTP 409: "NAME already has a trusted publisher configuration"; `trustpub trust sync` shows the package as conflict.',
  },
  TRUST_INVALID_INPUT: {
    title: 'Invalid trust settings',
    cause:
      "A repository, workflow file, environment or CircleCI id is missing or malformed (npm trust's own validation).",
    howToTell:
      'npm trust\'s own validation texts ("Package name must be specified ...", "At least one permission flag is required ...") before any request, or the registry\'s HTTP 400 message about the configuration.',
  },
  TRUST_NOT_FOUND: {
    title: 'Package or configuration not found',
    cause: 'The package or the trusted publisher configuration does not exist.',
    howToTell:
      'The trust API answered HTTP 404: "Package not found: NAME" (the package was never published) or, for revoke, "No such trust configuration or package".',
  },
  TRUST_HTTP_ERROR: {
    title: 'Trust API failed',
    cause: 'The trust API answered an unexpected status.',
    howToTell:
      '"Trust API call for NAME failed. METHOD URL answered STATUS" with a status other than 400, 401, 403, 404, 409 or 429 (often 5xx).',
  },
  TRUST_NETWORK: {
    title: 'Trust API unreachable',
    cause: "No answer from the registry's trust API.",
    howToTell:
      '"the trust request for NAME (METHOD URL) got no answer: ..." or "the web-authentication poll (GET URL) got no answer: ..."; no HTTP status.',
  },
  TRUST_MALFORMED_RESPONSE: {
    title: 'Trust API answer not understood',
    cause: 'The trust API answered a body that is not the expected JSON.',
    howToTell:
      '"The registry answered STATUS for NAME but not with a configuration list", or web authentication finished without a token.',
  },
  TRUST_CANCELLED: {
    title: 'Cancelled',
    cause: 'The confirmation question was not answered yes.',
    howToTell:
      '"User cancelled operation": the confirmation was answered no, or it could not be asked (not a terminal and no --yes).',
  },
  TRUST_BOOTSTRAP_FAILED: {
    title: 'Placeholder publish failed',
    cause:
      'The first publish of a placeholder version (to create the package before configuring trust) failed.',
    howToTell:
      '"Could not publish the placeholder NAME@0.0.0-trustpub.bootstrap: ..." with the publish error behind it; the trusted publisher was not created.',
  },
  // Install auth
  INSTALL_AUTH_INVALID: {
    title: 'Invalid install-auth input',
    cause: 'The token variable for install auth is missing or not a variable name.',
    howToTell:
      '`trustpub install-auth` names the flag and the value it refused (a --token-env that is not a variable name, a --scope that is not @name); nothing is written.',
  },
} satisfies CatalogueEntries;
