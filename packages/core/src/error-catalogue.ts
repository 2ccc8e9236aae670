import { ERROR_CODES, type TrustpubErrorCode } from './errors.js';

/** The catalogue entry of one error code: a short title, why it happens, how to fix it (Markdown). */
export interface ErrorCatalogueEntry {
  title: string;
  cause: string;
  fix: string;
}

/**
 * The written entries. Partial on purpose: a code added in another stage must not break everybody's
 * build; `catalogueGaps()` names codes without an entry and a test fails on any.
 */
const ENTRIES: Readonly<Partial<Record<TrustpubErrorCode, ErrorCatalogueEntry>>> = {
  // CI identity and ID tokens
  CI_NOT_DETECTED: {
    title: 'No supported CI detected',
    cause:
      'None of `GITHUB_ACTIONS`, `GITLAB_CI` or `CIRCLECI` is set (or `CI=false` turns detection off, as in npm), so there is no OIDC identity.',
    fix: 'Run the publish in GitHub Actions, GitLab CI/CD or CircleCI; do not set `CI=false` there.',
  },
  ID_TOKEN_PERMISSION_MISSING: {
    title: 'GitHub job may not request ID tokens',
    cause:
      'GitHub sets `ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` only for jobs with `id-token: write`.',
    fix: 'Add `permissions: id-token: write` to the publishing job (or the workflow).',
  },
  ID_TOKEN_FORK_PULL_REQUEST: {
    title: 'Pull request from a fork',
    cause: 'GitHub never gives ID tokens to workflows run for pull requests from forks.',
    fix: 'Publish from a trigger a fork cannot start: a push to a branch or tag, a release, or `workflow_dispatch`.',
  },
  ID_TOKEN_MISSING: {
    title: 'No ID token',
    cause:
      '`NPM_ID_TOKEN` is not set and the CI offers no other way to get one (GitLab: not declared in `id_tokens`; CircleCI: no `circleci` CLI).',
    fix: 'GitLab: `id_tokens: { NPM_ID_TOKEN: { aud: "npm:registry.npmjs.org" } }`. CircleCI: `export NPM_ID_TOKEN=$(circleci run oidc get --claims \'{"aud":"npm:registry.npmjs.org"}\')`.',
  },
  ID_TOKEN_REQUEST_FAILED: {
    title: 'ID-token request refused',
    cause:
      "GitHub's ID-token endpoint (or `circleci run oidc get`) answered with an error status after the allowed retries.",
    fix: 'Re-run the job; check `id-token: write` and githubstatus.com if it persists.',
  },
  ID_TOKEN_REQUEST_URL_INVALID: {
    title: 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL',
    cause: 'The variable was overridden or corrupted; the runner sets a full URL.',
    fix: 'Do not set `ACTIONS_ID_TOKEN_REQUEST_URL` yourself.',
  },
  ID_TOKEN_MALFORMED_RESPONSE: {
    title: 'ID-token answer is not JSON',
    cause:
      "GitHub's ID-token endpoint answered 2xx with a body that is not JSON (an outage or a proxy).",
    fix: 'Re-run the job; check githubstatus.com.',
  },
  ID_TOKEN_VALUE_MISSING: {
    title: 'ID-token answer has no token',
    cause: 'GitHub answered JSON without a `value` field.',
    fix: 'Re-run the job; check githubstatus.com.',
  },
  ID_TOKEN_NETWORK: {
    title: 'ID-token endpoint unreachable',
    cause:
      'No answer from the ID-token endpoint (connection failure or timeout) after the allowed retries.',
    fix: "Check the runner's network and proxy settings, then re-run.",
  },
  ID_TOKEN_INVALID_JWT: {
    title: 'ID token is not a JWT',
    cause: '`NPM_ID_TOKEN` does not hold three base64url parts with a JSON payload.',
    fix: 'Put the raw token into `NPM_ID_TOKEN` (no quotes, no JSON, no file path).',
  },
  ID_TOKEN_EXPIRED: {
    title: 'ID token expired',
    cause: "The token's `exp` claim is in the past; it was created too long before the publish.",
    fix: 'Create the ID token in the same step, right before publishing.',
  },
  ID_TOKEN_AUDIENCE_MISMATCH: {
    title: 'ID token for another registry',
    cause:
      "The token's `aud` claim is not `npm:<registry hostname>` of the registry being published to.",
    fix: 'Issue the token for `npm:<hostname>` of the target registry (GitLab `id_tokens` `aud`, CircleCI `--claims`).',
  },
  ID_TOKEN_CIRCLECI_STALE: {
    title: 'CircleCI ID token too old',
    cause:
      'The registry refuses CircleCI ID tokens about 5 minutes after issue, and the `circleci` CLI is not available to get a fresh one.',
    fix: 'Create `NPM_ID_TOKEN` in the publishing step, or use an image with the `circleci` CLI so trustpub can refresh it.',
  },
  // Exchange
  EXCHANGE_UNAUTHORIZED: {
    title: 'Registry did not accept the ID token (401)',
    cause:
      'The registry does not trust the token: its issuer (e.g. a GitHub Enterprise slug issuer), audience or expiry, or the runner is not supported.',
    fix: 'Compare `iss`, `aud` and `exp` in the error details with what the registry accepts; use a cloud-hosted runner.',
  },
  EXCHANGE_NO_TRUSTED_PUBLISHER: {
    title: 'No matching trusted publisher (404)',
    cause:
      'The package exists, but no trusted publisher matches the job: repository, workflow file (the calling workflow), or environment differ (case-sensitive).',
    fix: 'Compare the claims in the details with the trusted publisher, or create one with the command the hint prints (`trustpub trust github ...`).',
  },
  EXCHANGE_PACKAGE_NOT_FOUND: {
    title: 'Package not on the registry (404)',
    cause:
      'The package has never been published; trusted publishing can only be configured for an existing package.',
    fix: 'Publish the first version once with a token (or `trustpub trust` bootstrap), add the trusted publisher, then publish from CI.',
  },
  EXCHANGE_BAD_REQUEST: {
    title: 'Exchange request malformed (400)',
    cause:
      'The registry could not read the request: an invalid package name or a garbled ID token.',
    fix: 'Check the package name and that `NPM_ID_TOKEN` holds only the token.',
  },
  EXCHANGE_FORBIDDEN: {
    title: 'Exchange forbidden (403)',
    cause:
      "The package's settings do not allow this identity to publish (publishing access, or the trusted publisher lacks the publish permission).",
    fix: "Check the package's publishing access and the trusted publisher's permissions on the registry.",
  },
  EXCHANGE_HTTP_ERROR: {
    title: 'Exchange failed (other status)',
    cause:
      'The exchange answered an unexpected status, usually 5xx or 429 (the registry had a problem).',
    fix: 'Re-run the job in a few minutes. The exchange is never retried automatically.',
  },
  EXCHANGE_MALFORMED_RESPONSE: {
    title: 'Exchange answer without a token',
    cause: 'The exchange answered 2xx but the body is not JSON or has no `token`.',
    fix: 'Check that the registry URL points at the registry itself, not a proxy; retry later.',
  },
  EXCHANGE_NETWORK: {
    title: 'Exchange unreachable',
    cause: "No answer from the registry's exchange endpoint (connection failure or timeout).",
    fix: 'Check the registry URL and the network, then re-run.',
  },
  // Configuration
  CONFIG_MANIFEST_INVALID: {
    title: 'package.json is not valid',
    cause: 'package.json is not JSON, or not a JSON object.',
    fix: 'Fix the JSON at the place the message names.',
  },
  CONFIG_MANIFEST_NOT_FOUND: {
    title: 'No package.json',
    cause: 'The directory given has no readable package.json.',
    fix: "Point trustpub at the package's directory.",
  },
  CONFIG_PRIVATE_PACKAGE: {
    title: 'Package is private',
    cause: 'package.json has `"private": true`; npm never publishes such a package.',
    fix: 'Remove `private` to publish it, or leave the package out.',
  },
  CONFIG_INVALID_NAME: {
    title: 'Invalid package name',
    cause: 'validate-npm-package-name refuses the name for new packages.',
    fix: 'Use a lower-case, URL-safe name of at most 214 characters, optionally `@scope/name`.',
  },
  CONFIG_INVALID_VERSION: {
    title: 'Version is not semver',
    cause: 'The version is missing or not a valid semantic version (npm: `invalid semver`).',
    fix: 'Set a version such as `1.2.3`.',
  },
  CONFIG_PRERELEASE_NEEDS_TAG: {
    title: 'Prerelease without a tag',
    cause: 'npm never puts a prerelease on `latest` implicitly.',
    fix: 'Pass a dist-tag (`--tag next`) or set `publishConfig.tag`.',
  },
  CONFIG_INVALID_TAG: {
    title: 'Invalid dist-tag',
    cause: 'The tag is empty, a valid semver range, or needs URL escaping.',
    fix: 'Use a plain word such as `next` or `beta`.',
  },
  CONFIG_RESTRICTED_UNSCOPED: {
    title: 'Restricted access for an unscoped package',
    cause:
      "Only scoped packages can be restricted (npm: `Can't restrict access to unscoped packages.`).",
    fix: 'Publish with access `public`, or scope the package.',
  },
  CONFIG_INVALID_ACCESS: {
    title: 'Invalid access level',
    cause: 'Access is not `public` or `restricted`.',
    fix: 'Use `public` or `restricted`, or leave it unset for the registry default.',
  },
  CONFIG_WORKSPACE_TARGET_UNKNOWN: {
    title: 'Unknown workspace: dependency',
    cause: 'A `workspace:` range names a package that is not in the workspace.',
    fix: 'Fix the dependency name, or add the package to the workspace.',
  },
  CONFIG_WORKSPACE_RANGE_INVALID: {
    title: 'Invalid workspace: range',
    cause: 'The part after `workspace:` is not `*`, `^`, `~`, a path or a semver range.',
    fix: 'Use `workspace:*`, `workspace:^`, `workspace:~` or `workspace:<range>`.',
  },
  CONFIG_CATALOG_ENTRY_UNKNOWN: {
    title: 'Unknown catalog: entry',
    cause: 'A `catalog:` range names a dependency or catalog that is not defined.',
    fix: 'Add the entry to the catalog (pnpm-workspace.yaml or package.json), or fix the range.',
  },
  CONFIG_NPMRC_ENV_MISSING: {
    title: '.npmrc uses an unset variable',
    cause:
      'A setting trustpub needs (registry, or the named fallback token) contains `${VAR}` and `VAR` is not set; npm would use the literal text.',
    fix: 'Set the variable for the step, or write `${VAR?}` for "empty when unset".',
  },
  CONFIG_REGISTRY_INVALID: {
    title: 'Registry is not a URL',
    cause: 'The registry setting (option, publishConfig, env or .npmrc) is not an http(s) URL.',
    fix: 'Set a full URL such as `https://registry.npmjs.org/`.',
  },
  CONFIG_WRITE_TOKEN_MASKS_OIDC: {
    title: 'A write token is configured',
    cause:
      "An `_authToken` for the registry is configured (often setup-node's placeholder); npm would fall back to it silently when OIDC fails.",
    fix: 'Remove the token from .npmrc (or `registry-url` from setup-node) when publishing with trusted publishing.',
  },
  CONFIG_REPOSITORY_MISMATCH: {
    title: 'repository.url does not match the job',
    cause:
      'package.json `repository.url` differs from the repository the job runs in; npmjs rejects provenance for it.',
    fix: 'Set `repository.url` to the repository that publishes the package.',
  },
  CONFIG_INVALID_OPTION: {
    title: 'Invalid option',
    cause:
      'An option or setting has a value trustpub cannot use (for example provenance not true/false).',
    fix: 'Correct the value the message names.',
  },
  CONFIG_LATEST_DOWNGRADE: {
    title: '`latest` would go backwards',
    cause:
      'A higher version is already published and no tag was chosen; npm refuses to move `latest` to a lower version implicitly.',
    fix: 'Publish older release lines with an explicit tag (`--tag release-1.x`).',
  },
  // Packing
  PACK_LIFECYCLE_SCRIPT_FAILED: {
    title: 'Lifecycle script failed',
    cause:
      'A `prepublishOnly`, `prepack`, `prepare`, `postpack`, `publish` or `postpublish` script exited with an error.',
    fix: 'Run the script with `npm run <event>` to see it fail and fix it, or use ignore-scripts.',
  },
  PACK_TARBALL_INVALID: {
    title: 'Tarball cannot be published',
    cause: 'The given tarball cannot be read, is not a tar(.gz) or holds no valid package.json.',
    fix: 'Build the tarball with `npm pack` and pass its path.',
  },
  PACK_FAILED: {
    title: 'Packing failed',
    cause: 'A file to include could not be read (permissions, broken symlink).',
    fix: 'Fix the file named in the message and retry.',
  },
  // Provenance
  PROVENANCE_UNSUPPORTED_CI: {
    title: 'Provenance impossible here',
    cause: 'Provenance was requested outside GitHub Actions / GitLab CI (never on CircleCI).',
    fix: 'Publish from GitHub Actions or GitLab CI, or turn provenance off.',
  },
  PROVENANCE_PRIVATE_REPOSITORY: {
    title: 'Provenance from a private repository',
    cause: 'npmjs accepts provenance only from public repositories.',
    fix: 'Make the repository public, or turn provenance off.',
  },
  PROVENANCE_SELF_HOSTED_RUNNER: {
    title: 'Provenance from a self-hosted runner',
    cause: 'npmjs refuses provenance from self-hosted runners.',
    fix: 'Use a hosted runner, or turn provenance off.',
  },
  PROVENANCE_NO_SIGSTORE_TOKEN: {
    title: 'No Sigstore identity token',
    cause: 'GitHub: no `id-token: write`; GitLab: `SIGSTORE_ID_TOKEN` not declared.',
    fix: 'GitHub: add `permissions: id-token: write`. GitLab: `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore`.',
  },
  PROVENANCE_PRIVATE_PACKAGE: {
    title: 'Provenance for a private package',
    cause: 'Provenance is only for public packages (restricted access, or a new/private package).',
    fix: 'Publish with access `public`, or turn provenance off.',
  },
  PROVENANCE_SIGNING_FAILED: {
    title: 'Signing failed',
    cause: 'Fulcio or Rekor refused or could not be reached while signing the statement.',
    fix: 'Check `TRUSTPUB_FULCIO_URL` / `TRUSTPUB_REKOR_URL` and the network; re-run.',
  },
  // Registry transport
  REGISTRY_NETWORK: {
    title: 'Registry unreachable',
    cause: 'No answer from the registry (connection refused or reset) after the allowed retries.',
    fix: 'Check the registry URL and network. An upload that got no answer may have succeeded: re-run, an identical version is recognised.',
  },
  REGISTRY_TIMEOUT: {
    title: 'Registry timed out',
    cause: 'The registry did not answer in time.',
    fix: 'Retry later; check proxies.',
  },
  REGISTRY_HTTP_ERROR: {
    title: 'Registry read failed',
    cause: 'Reading a packument or tarball answered an unexpected status.',
    fix: 'Check the registry URL and, for restricted packages, the read token.',
  },
  REGISTRY_MALFORMED_RESPONSE: {
    title: 'Registry answer not understood',
    cause: 'The answer is not a packument (no `versions`).',
    fix: 'Check that the registry URL points at an npm registry.',
  },
  // Publish
  PUBLISH_VERSION_CONFLICT: {
    title: 'Version exists with other contents',
    cause:
      'The version is on the registry with a different integrity than this build; versions cannot be overwritten.',
    fix: "Bump the version. For re-runs, make the build reproducible or publish the first run's tarball.",
  },
  PUBLISH_UNAUTHORIZED: {
    title: 'Upload not authenticated (401)',
    cause:
      'The token was not accepted for the upload (expired exchanged token, invalid fallback token).',
    fix: 'Re-run the job; check the fallback token.',
  },
  PUBLISH_FORBIDDEN: {
    title: 'Upload forbidden (403/404)',
    cause: 'The token may not publish this package (npmjs answers 404 to tokens without rights).',
    fix: "Check the token's rights; exchanged tokens only cover the package they were exchanged for.",
  },
  PUBLISH_PROVENANCE_REJECTED: {
    title: 'Provenance rejected (422)',
    cause:
      'The registry refused the provenance bundle (repository.url mismatch, private repository, self-hosted runner, ...).',
    fix: 'Fix what the registry message names, or publish without provenance.',
  },
  PUBLISH_REJECTED: {
    title: 'Upload rejected',
    cause: 'The registry refused the upload with another status.',
    fix: 'Fix what the registry message names; on 5xx re-run.',
  },
  PUBLISH_NO_CREDENTIALS: {
    title: 'No way to authenticate',
    cause:
      'No supported CI identity and no fallback token named; trustpub never uses a token from .npmrc on its own.',
    fix: 'Publish from CI with trusted publishing, or name a token explicitly (`--fallback-token-env VAR`).',
  },
  // Dist-tags
  DIST_TAG_OIDC_REFUSED: {
    title: 'Registry refused the exchanged token for dist-tags',
    cause:
      'npm documents trusted publishing for publish only; this registry does not accept exchanged tokens for dist-tag changes.',
    fix: 'Name a token that may change dist-tags (`--fallback-token-env VAR`), or change the tag by hand.',
  },
  DIST_TAG_FAILED: {
    title: 'Dist-tag change failed',
    cause: 'The registry refused the dist-tag change (unknown version, no rights, server error).',
    fix: "Check the version exists and the token's rights; retry.",
  },
  // Verification
  VERIFY_VERSION_NOT_FOUND: {
    title: 'Version not listed',
    cause: 'The registry does not list the version (yet).',
    fix: 'Wait a minute and verify again; publish it if it is missing.',
  },
  VERIFY_INTEGRITY_MISMATCH: {
    title: 'Stored integrity differs',
    cause: 'The registry holds different bytes than were uploaded (or than it serves).',
    fix: 'Do not trust the version; check who published it and contact the registry.',
  },
  VERIFY_ATTESTATION_MISSING: {
    title: 'Attestation missing',
    cause: 'Provenance was expected, but the registry lists or serves no attestation.',
    fix: 'Check the publish log for a provenance rejection; wait and verify again.',
  },
  VERIFY_PROVENANCE_INVALID: {
    title: 'Provenance does not verify',
    cause: "The bundle's signature, subject, repository or workflow does not match.",
    fix: 'Do not trust the provenance; publish a new version from the intended repository and workflow.',
  },
  // Releases
  RELEASE_DEPENDENCY_CYCLE: {
    title: 'Dependency cycle',
    cause:
      'Packages depend on each other in a cycle (not only through devDependencies), so no publish order exists.',
    fix: 'Break the cycle, or make one edge a devDependency.',
  },
  RELEASE_DEPENDENCY_FAILED: {
    title: 'A dependency failed',
    cause: 'A package this one depends on failed to publish, so this one was not published.',
    fix: 'Fix the failed dependency and re-run; published packages are recognised.',
  },
  RELEASE_NO_PACKAGES: {
    title: 'Nothing to release',
    cause: 'No package matched the selection.',
    fix: 'Pass existing package directories or names, or run from the repository root with `--workspaces`.',
  },
  RELEASE_GIT_TAG_FAILED: {
    title: 'A release tag could not be created',
    cause:
      'After publishing, git could not list or create a release tag: the directory is not a git checkout, the repository has no commit yet, annotated tags need a `user.name`/`user.email` that is not configured, or `.git` is not writable. The packages reported as published are on the registry.',
    fix: 'Run in a git checkout with a commit and a git identity, then run the same command again (published versions are skipped and only the missing tags are created), or pass `--no-git-tag`.',
  },
  // Trust management
  TRUST_AUTH_MISSING: {
    title: 'No user token for trust management',
    cause: 'Managing trusted publishers needs an npm user token in the named variable.',
    fix: 'Set `NPM_TOKEN` (or the variable named with `--token-env`) to a token from `npm login`.',
  },
  TRUST_AUTH_REJECTED: {
    title: 'User token rejected',
    cause: 'The registry did not accept the user token for the trust API.',
    fix: 'Use a valid token from `npm login` or a granular token.',
  },
  TRUST_OTP_REQUIRED: {
    title: 'One-time password needed',
    cause: 'The account has 2FA and the trust API asks for an OTP.',
    fix: 'Pass `--otp <code>` or run interactively.',
  },
  TRUST_OTP_INVALID: {
    title: 'One-time password refused',
    cause: 'The OTP was wrong or expired.',
    fix: 'Use a fresh code from the authenticator.',
  },
  TRUST_RATE_LIMITED: {
    title: 'Trust API rate limit',
    cause: 'The registry answered 429 beyond the retries trustpub waits for.',
    fix: 'Wait the time the message gives, then run again.',
  },
  TRUST_CONFLICT: {
    title: 'Trusted publisher already configured',
    cause: 'A package can have only one trusted publisher configuration.',
    fix: 'Use `trustpub trust sync --replace`, or revoke the old one first.',
  },
  TRUST_INVALID_INPUT: {
    title: 'Invalid trust settings',
    cause:
      "A repository, workflow file, environment or CircleCI id is missing or malformed (npm trust's own validation).",
    fix: 'Correct the value the message names (workflow: a file name ending in .yml/.yaml).',
  },
  TRUST_NOT_FOUND: {
    title: 'Package or configuration not found',
    cause: 'The package or the trusted publisher configuration does not exist.',
    fix: 'Check the package name and the configuration id (`trustpub trust list`).',
  },
  TRUST_HTTP_ERROR: {
    title: 'Trust API failed',
    cause: 'The trust API answered an unexpected status.',
    fix: 'Retry later; report it with the registry message.',
  },
  TRUST_NETWORK: {
    title: 'Trust API unreachable',
    cause: "No answer from the registry's trust API.",
    fix: 'Check the registry URL and the network.',
  },
  TRUST_MALFORMED_RESPONSE: {
    title: 'Trust API answer not understood',
    cause: 'The trust API answered a body that is not the expected JSON.',
    fix: 'Check that the registry URL points at the registry.',
  },
  TRUST_CANCELLED: {
    title: 'Cancelled',
    cause: 'The confirmation question was not answered yes.',
    fix: 'Answer `y`, or pass `--yes` (needed outside a terminal).',
  },
  TRUST_BOOTSTRAP_FAILED: {
    title: 'Placeholder publish failed',
    cause:
      'The first publish of a placeholder version (to create the package before configuring trust) failed.',
    fix: 'Fix the cause in the message (token rights, name taken) and run again.',
  },
  // Install auth
  INSTALL_AUTH_INVALID: {
    title: 'Invalid install-auth input',
    cause: 'The token variable for install auth is missing or not a variable name.',
    fix: "Pass the variable's name (`--token-env NPM_READ_TOKEN`), not its value.",
  },
};

/**
 * Every error code with its cause and fix: the one catalogue. docs/errors.md is generated from it
 * (`node scripts/gen-errors-doc.mjs`), and a test keeps both complete and equal.
 */
export const ERROR_CATALOGUE: Readonly<Record<TrustpubErrorCode, ErrorCatalogueEntry>> =
  Object.fromEntries(
    ERROR_CODES.map((code) => [
      code,
      ENTRIES[code] ?? {
        title: code,
        cause: 'Not described yet.',
        fix: "See the error's own hint.",
      },
    ]),
  ) as Record<TrustpubErrorCode, ErrorCatalogueEntry>;

/** Codes in ERROR_CODES without a written catalogue entry (must be none), and entries for unknown codes. */
export function catalogueGaps(): { missing: TrustpubErrorCode[]; unknown: string[] } {
  return {
    missing: ERROR_CODES.filter((code) => !ENTRIES[code]),
    unknown: Object.keys(ENTRIES).filter(
      (code) => !(ERROR_CODES as readonly string[]).includes(code),
    ),
  };
}

/** docs/errors.md, rendered from the catalogue in the order of ERROR_CODES (the file is generated). */
export function renderErrorCatalogue(codes: readonly TrustpubErrorCode[]): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from packages/core/src/error-catalogue.ts by `node scripts/gen-errors-doc.mjs`. Do not edit. -->',
    '',
    'Every failure trustpub reports carries one of these codes, a message saying what happened and a hint saying what to change.',
    'Codes are stable: they are never renamed.',
    '',
    '| code | title |',
    '|---|---|',
    ...codes.map(
      (code) => `| [\`${code}\`](#${code.toLowerCase()}) | ${ERROR_CATALOGUE[code].title} |`,
    ),
    '',
  ];
  for (const code of codes) {
    const entry = ERROR_CATALOGUE[code];
    lines.push(
      `## ${code}`,
      '',
      `**${entry.title}**`,
      '',
      `- Cause: ${entry.cause}`,
      `- Fix: ${entry.fix}`,
      '',
    );
  }
  return lines.join('\n');
}
