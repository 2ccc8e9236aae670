import { neutraliseText } from './neutralise.js';

/**
 * Every failure a user can cause has a code here. Codes are API: never rename one, only add. Each
 * error says what happened (message), what to change (hint), and carries the registry's own answer
 * when there was one. Messages are redacted before construction by the code that throws them.
 * Every code's fix is written once in `fixes/` (FIXES): the hint is taken from there, and the catalogue
 * (`catalogue/`, docs/errors.md) derives its "Fix" from the same entry.
 */
export const ERROR_CODES = [
  // CI identity and ID tokens
  'CI_NOT_DETECTED',
  'ID_TOKEN_PERMISSION_MISSING',
  'ID_TOKEN_FORK_PULL_REQUEST',
  'ID_TOKEN_MISSING',
  'ID_TOKEN_REQUEST_FAILED',
  'ID_TOKEN_REQUEST_URL_INVALID',
  'ID_TOKEN_MALFORMED_RESPONSE',
  'ID_TOKEN_NETWORK',
  'ID_TOKEN_INVALID_JWT',
  'ID_TOKEN_EXPIRED',
  'ID_TOKEN_AUDIENCE_MISMATCH',
  'ID_TOKEN_CIRCLECI_STALE',
  'ID_TOKEN_VALUE_MISSING',
  // Exchange
  'EXCHANGE_UNAUTHORIZED',
  'EXCHANGE_NO_TRUSTED_PUBLISHER',
  'EXCHANGE_PACKAGE_NOT_FOUND',
  'EXCHANGE_BAD_REQUEST',
  'EXCHANGE_FORBIDDEN',
  'EXCHANGE_HTTP_ERROR',
  'EXCHANGE_MALFORMED_RESPONSE',
  'EXCHANGE_NETWORK',
  // Configuration (package.json, .npmrc, options)
  'CONFIG_MANIFEST_INVALID',
  'CONFIG_MANIFEST_NOT_FOUND',
  'CONFIG_PRIVATE_PACKAGE',
  'CONFIG_INVALID_NAME',
  'CONFIG_INVALID_VERSION',
  'CONFIG_PRERELEASE_NEEDS_TAG',
  'CONFIG_INVALID_TAG',
  'CONFIG_RESTRICTED_UNSCOPED',
  'CONFIG_INVALID_ACCESS',
  'CONFIG_WORKSPACE_TARGET_UNKNOWN',
  'CONFIG_WORKSPACE_RANGE_INVALID',
  'CONFIG_CATALOG_ENTRY_UNKNOWN',
  'CONFIG_NPMRC_ENV_MISSING',
  'CONFIG_REGISTRY_INVALID',
  'CONFIG_WRITE_TOKEN_MASKS_OIDC',
  'CONFIG_REPOSITORY_MISMATCH',
  'CONFIG_INVALID_OPTION',
  'CONFIG_LATEST_DOWNGRADE',
  'CONFIG_DUPLICATE_PACKAGE_NAME',
  'TOKEN_TRANSPORT_INSECURE',
  'CLI_USAGE',
  // Packing
  'PACK_LIFECYCLE_SCRIPT_FAILED',
  'PACK_TARBALL_INVALID',
  'PACK_FAILED',
  'PACK_SECRET_FOUND',
  // Provenance
  'PROVENANCE_UNSUPPORTED_CI',
  'PROVENANCE_PRIVATE_REPOSITORY',
  'PROVENANCE_SELF_HOSTED_RUNNER',
  'PROVENANCE_NO_SIGSTORE_TOKEN',
  'PROVENANCE_PRIVATE_PACKAGE',
  'PROVENANCE_SIGNING_FAILED',
  'PROVENANCE_CHECK_FAILED',
  // Registry transport
  'REGISTRY_NETWORK',
  'REGISTRY_TIMEOUT',
  'REGISTRY_HTTP_ERROR',
  'REGISTRY_MALFORMED_RESPONSE',
  // Publish
  'PUBLISH_VERSION_CONFLICT',
  'PUBLISH_UNAUTHORIZED',
  'PUBLISH_FORBIDDEN',
  'PUBLISH_PROVENANCE_REJECTED',
  'PUBLISH_REJECTED',
  'PUBLISH_NO_CREDENTIALS',
  'PUBLISH_PERMISSION_DENIED',
  // Staged publishing
  'STAGE_NOT_FOUND',
  'STAGE_REQUEST_FAILED',
  'PUBLISH_OUTCOME_UNKNOWN',
  // Dist-tags
  'DIST_TAG_OIDC_REFUSED',
  'DIST_TAG_FAILED',
  // Verification after publish
  'VERIFY_VERSION_NOT_FOUND',
  'VERIFY_INTEGRITY_MISMATCH',
  'VERIFY_ATTESTATION_MISSING',
  'VERIFY_PROVENANCE_INVALID',
  'VERIFY_NETWORK',
  // Workflow lint (doctor)
  'WORKFLOW_ID_TOKEN',
  'WORKFLOW_SELF_HOSTED_RUNNER',
  'WORKFLOW_REGISTRY_URL',
  'WORKFLOW_WRITE_TOKEN',
  'WORKFLOW_TRUSTED_PUBLISHER_MISMATCH',
  'WORKFLOW_NPM_UPGRADE',
  'WORKFLOW_INVALID_YAML',
  // Multi-package releases
  'RELEASE_DEPENDENCY_CYCLE',
  'RELEASE_DEPENDENCY_FAILED',
  'RELEASE_DEPENDENCY_UNPUBLISHED',
  'RELEASE_NO_PACKAGES',
  'RELEASE_GIT_TAG_FAILED',
  // Trust management
  'TRUST_AUTH_MISSING',
  'TRUST_OTP_REQUIRED',
  'TRUST_OTP_INVALID',
  'TRUST_RATE_LIMITED',
  'TRUST_CONFLICT',
  'TRUST_INVALID_INPUT',
  'TRUST_NOT_FOUND',
  'TRUST_HTTP_ERROR',
  'TRUST_AUTH_REJECTED',
  'TRUST_NETWORK',
  'TRUST_MALFORMED_RESPONSE',
  'TRUST_CANCELLED',
  'TRUST_BOOTSTRAP_FAILED',
  // Install auth
  'INSTALL_AUTH_INVALID',
] as const;

export type TrustpubErrorCode = (typeof ERROR_CODES)[number];

export interface TrustpubErrorOptions {
  /** What to change. Required: every user-facing failure says how to fix it. */
  hint: string;
  cause?: unknown;
  /** The HTTP status of the answer this error is about. */
  httpStatus?: number;
  /** The registry's own message (`message` or `error` field), redacted. */
  registryMessage?: string;
  /** Which package this concerns. */
  packageName?: string;
  /** Structured facts for diagnostics (claims, expected settings). Never holds secrets. */
  details?: Readonly<Record<string, unknown>>;
}

export class TrustpubError<C extends TrustpubErrorCode = TrustpubErrorCode> extends Error {
  readonly code: C;
  readonly hint: string;
  readonly httpStatus: number | undefined;
  readonly registryMessage: string | undefined;
  readonly packageName: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: C, message: string, options: TrustpubErrorOptions) {
    // Messages quote registries and processes: none of that text may become a CI runner command.
    super(
      neutraliseText(message),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'TrustpubError';
    this.code = code;
    this.hint = neutraliseText(options.hint);
    this.httpStatus = options.httpStatus;
    this.registryMessage =
      options.registryMessage === undefined ? undefined : neutraliseText(options.registryMessage);
    this.packageName = options.packageName;
    this.details = options.details;
  }

  /** A plain object for JSON output and reports (no stack, no cause). */
  toJSON(): TrustpubErrorJson {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      ...(this.httpStatus === undefined ? {} : { httpStatus: this.httpStatus }),
      ...(this.registryMessage === undefined ? {} : { registryMessage: this.registryMessage }),
      ...(this.packageName === undefined ? {} : { packageName: this.packageName }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export interface TrustpubErrorJson {
  code: TrustpubErrorCode;
  message: string;
  hint: string;
  httpStatus?: number;
  registryMessage?: string;
  packageName?: string;
  details?: Readonly<Record<string, unknown>>;
}

export function isTrustpubError(value: unknown): value is TrustpubError {
  return value instanceof TrustpubError;
}

/** Renders an error for a terminal: message, then the fix. Never a stack trace. */
export function formatError(error: TrustpubError): string {
  return `${error.code}: ${error.message}\n  fix: ${error.hint}`;
}
