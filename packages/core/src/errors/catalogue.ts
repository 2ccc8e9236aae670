import { ERROR_CODES, type TrustpubErrorCode } from './errors.js';

/**
 * The catalogue entry of one error code (Markdown): a short title, why it happens, how to tell it is this
 * (what the user sees: message shape, HTTP status, the `trustpub doctor` finding, what npm alone shows),
 * and how to fix it.
 */
export interface ErrorCatalogueEntry {
  title: string;
  cause: string;
  howToTell: string;
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
    howToTell:
      '`trustpub doctor` and `trustpub publish` report CI_NOT_DETECTED with "No supported CI was detected (none of GITHUB_ACTIONS, GITLAB_CI, CIRCLECI is set, or CI=false)"; nothing is sent to the registry. npm alone would fall back to a token and print ENEEDAUTH.',
  },
  ID_TOKEN_PERMISSION_MISSING: {
    title: 'GitHub job may not request ID tokens',
    cause:
      'GitHub sets `ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` only for jobs with `id-token: write`.',
    fix: 'Add `permissions: id-token: write` to the publishing job (or the workflow).',
    howToTell:
      'On GitHub Actions the message says ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN were not provided; `trustpub doctor` reports it once for the job. npm alone would print ENEEDAUTH or a 404 on the PUT.',
  },
  ID_TOKEN_FORK_PULL_REQUEST: {
    title: 'Pull request from a fork',
    cause: 'GitHub never gives ID tokens to workflows run for pull requests from forks.',
    fix: 'Publish from a trigger a fork cannot start: a push to a branch or tag, a release, or `workflow_dispatch`.',
    howToTell:
      'The message says the job "runs for a pull request from a fork"; the job\'s event is `pull_request` and the event payload names a head repository other than the base.',
  },
  ID_TOKEN_MISSING: {
    title: 'No ID token',
    cause:
      '`NPM_ID_TOKEN` is not set and the CI offers no other way to get one (GitLab: not declared in `id_tokens`; CircleCI: no `circleci` CLI).',
    fix: 'GitLab: `id_tokens: { NPM_ID_TOKEN: { aud: "npm:registry.npmjs.org" } }`. CircleCI: `export NPM_ID_TOKEN=$(circleci run oidc get --claims \'{"aud":"npm:registry.npmjs.org"}\')`.',
    howToTell:
      'The message names the provider and the variable that is not set ("NPM_ID_TOKEN is not set", or SIGSTORE_ID_TOKEN for the `sigstore` audience); on CircleCI it adds that the `circleci` CLI is not on PATH.',
  },
  ID_TOKEN_REQUEST_FAILED: {
    title: 'ID-token request refused',
    cause:
      "GitHub's ID-token endpoint (or `circleci run oidc get`) answered with an error status after the allowed retries.",
    fix: 'Re-run the job; check `id-token: write` and githubstatus.com if it persists.',
    howToTell:
      'GitHub: "GitHub refused the ID-token request for audience ... with HTTP STATUS". CircleCI: "`circleci run oidc get` exited with code N" with its stderr.',
  },
  ID_TOKEN_REQUEST_URL_INVALID: {
    title: 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL',
    cause: 'The variable was overridden or corrupted; the runner sets a full URL.',
    fix: 'Do not set `ACTIONS_ID_TOKEN_REQUEST_URL` yourself.',
    howToTell:
      'The message is "ACTIONS_ID_TOKEN_REQUEST_URL is not a valid URL", before any request is made; usually a workflow or script sets that variable by hand.',
  },
  ID_TOKEN_MALFORMED_RESPONSE: {
    title: 'ID-token answer is not JSON',
    cause:
      "GitHub's ID-token endpoint answered 2xx with a body that is not JSON (an outage or a proxy).",
    fix: 'Re-run the job; check githubstatus.com.',
    howToTell:
      '"GitHub answered the ID-token request with HTTP STATUS but the body is not JSON"; typically an HTML page from a proxy or an outage.',
  },
  ID_TOKEN_VALUE_MISSING: {
    title: 'ID-token answer has no token',
    cause: 'GitHub answered JSON without a `value` field.',
    fix: 'Re-run the job; check githubstatus.com.',
    howToTell:
      '"GitHub answered the ID-token request with HTTP STATUS JSON that has no "value" field": the request succeeded but carried no token.',
  },
  ID_TOKEN_NETWORK: {
    title: 'ID-token endpoint unreachable',
    cause:
      'No answer from the ID-token endpoint (connection failure or timeout) after the allowed retries.',
    fix: "Check the runner's network and proxy settings, then re-run.",
    howToTell:
      '"the GitHub ID-token request got no answer" after retries, with the connection error code (ECONNRESET, ENOTFOUND, ...); no HTTP status at all.',
  },
  ID_TOKEN_INVALID_JWT: {
    title: 'ID token is not a JWT',
    cause: '`NPM_ID_TOKEN` does not hold three base64url parts with a JSON payload.',
    fix: 'Put the raw token into `NPM_ID_TOKEN` (no quotes, no JSON, no file path).',
    howToTell:
      '"The ID token is not a JWT: ..." before anything is sent; NPM_ID_TOKEN holds something other than three dot-separated base64url parts (a quoted value, JSON, a file path).',
  },
  ID_TOKEN_EXPIRED: {
    title: 'ID token expired',
    cause: "The token's `exp` claim is in the past; it was created too long before the publish.",
    fix: 'Create the ID token in the same step, right before publishing.',
    howToTell:
      '"The ID token expired Ns ago (claim "exp" = ...)", checked locally before the exchange; npm alone would get a 401 from the registry.',
  },
  ID_TOKEN_AUDIENCE_MISMATCH: {
    title: 'ID token for another registry',
    cause:
      "The token's `aud` claim is not `npm:<registry hostname>` of the registry being published to.",
    fix: 'Issue the token for `npm:<hostname>` of the target registry (GitLab `id_tokens` `aud`, CircleCI `--claims`).',
    howToTell:
      'The message quotes the token\'s "aud" claim next to the expected `npm:<registry host>` (e.g. "npm:registry.npmjs.org" against a private registry), before anything is sent.',
  },
  ID_TOKEN_CIRCLECI_STALE: {
    title: 'CircleCI ID token too old',
    cause:
      'The registry refuses CircleCI ID tokens about 5 minutes after issue, and the `circleci` CLI is not available to get a fresh one.',
    fix: 'Create `NPM_ID_TOKEN` in the publishing step, or use an image with the `circleci` CLI so trustpub can refresh it.',
    howToTell:
      'On CircleCI: "NPM_ID_TOKEN was issued Ns ago" with N above about 300, and the `circleci` CLI is not on PATH; npm alone would get a 401 from the exchange.',
  },
  // Exchange
  EXCHANGE_UNAUTHORIZED: {
    title: 'Registry did not accept the ID token (401)',
    cause:
      'The registry does not trust the token: its issuer (e.g. a GitHub Enterprise slug issuer), audience or expiry, or the runner is not supported.',
    fix: 'Compare `iss`, `aud` and `exp` in the error details with what the registry accepts; use a cloud-hosted runner.',
    howToTell:
      "The exchange (`POST /-/npm/v1/oidc/token/exchange/package/<name>`) answers HTTP 401; the error details show the token's `iss`, `aud` and `exp`. `trustpub doctor` reports it per package.",
  },
  EXCHANGE_NO_TRUSTED_PUBLISHER: {
    title: 'No matching trusted publisher (404)',
    cause:
      'The package exists, but no trusted publisher matches the job: repository, workflow file (the calling workflow), or environment differ (case-sensitive).',
    fix: 'Compare the claims in the details with the trusted publisher, or create one with the command the hint prints (`trustpub trust github ...`).',
    howToTell:
      "The exchange answers HTTP 404 for a package that exists; `trustpub doctor` shows EXCHANGE_NO_TRUSTED_PUBLISHER with the job's claims (repository, workflow_ref, environment) and the trusted publisher that would match. npm alone would print ENEEDAUTH or E404.",
  },
  EXCHANGE_PACKAGE_NOT_FOUND: {
    title: 'Package not on the registry (404)',
    cause:
      'The package has never been published; trusted publishing can only be configured for an existing package.',
    fix: 'Publish the first version once with a token (or `trustpub trust` bootstrap), add the trusted publisher, then publish from CI.',
    howToTell:
      'The exchange answers 404 and the packument GET answers 404 too ("NAME does not exist on REGISTRY yet"); `trustpub doctor` reports it without an exchange and prints a `trustpub trust ... --bootstrap` command.',
  },
  EXCHANGE_BAD_REQUEST: {
    title: 'Exchange request malformed (400)',
    cause:
      'The registry could not read the request: an invalid package name or a garbled ID token.',
    fix: 'Check the package name and that `NPM_ID_TOKEN` holds only the token.',
    howToTell:
      'The exchange answers HTTP 400 with the registry\'s message ("rejected ... as malformed"); usually the token value or the package name in the URL is not what the registry expects.',
  },
  EXCHANGE_FORBIDDEN: {
    title: 'Exchange forbidden (403)',
    cause:
      "The package's settings do not allow this identity to publish (publishing access, or the trusted publisher lacks the publish permission).",
    fix: "Check the package's publishing access and the trusted publisher's permissions on the registry.",
    howToTell:
      "The exchange answers HTTP 403 (\"refused to let this job's identity publish NAME\") with the registry's message; the trusted publisher matched but the package's settings forbid it.",
  },
  EXCHANGE_HTTP_ERROR: {
    title: 'Exchange failed (other status)',
    cause:
      'The exchange answered an unexpected status, usually 5xx or 429 (the registry had a problem).',
    fix: 'Re-run the job in a few minutes. The exchange is never retried automatically.',
    howToTell:
      'The exchange answers a status other than 201, 400, 401, 403 or 404 (typically 429 or 5xx): "The token exchange for NAME failed with HTTP STATUS".',
  },
  EXCHANGE_MALFORMED_RESPONSE: {
    title: 'Exchange answer without a token',
    cause: 'The exchange answered 2xx but the body is not JSON or has no `token`.',
    fix: 'Check that the registry URL points at the registry itself, not a proxy; retry later.',
    howToTell:
      'The exchange answers a 2xx without a "token" field or with a body that is not JSON; the message names the status. Often a proxy or a registry that does not implement the exchange.',
  },
  EXCHANGE_NETWORK: {
    title: 'Exchange unreachable',
    cause: "No answer from the registry's exchange endpoint (connection failure or timeout).",
    fix: 'Check the registry URL and the network, then re-run.',
    howToTell:
      '"the token exchange for NAME got no answer" with a connection error code; no HTTP status. The exchange is never retried, so one failure is final for that run.',
  },
  // Configuration
  CONFIG_MANIFEST_INVALID: {
    title: 'package.json is not valid',
    cause: 'package.json is not JSON, or not a JSON object.',
    fix: 'Fix the JSON at the place the message names.',
    howToTell:
      'The message names the file and, for JSON, the line and column of the syntax error (or the YAML error of pnpm-workspace.yaml); reported before anything is packed.',
  },
  CONFIG_MANIFEST_NOT_FOUND: {
    title: 'No package.json',
    cause: 'The directory given has no readable package.json.',
    fix: "Point trustpub at the package's directory.",
    howToTell:
      '"No package.json" in the named directory, or "DIR is not a workspace root" with `--workspaces`; reported before anything is sent.',
  },
  CONFIG_PRIVATE_PACKAGE: {
    title: 'Package is private',
    cause: 'package.json has `"private": true`; npm never publishes such a package.',
    fix: 'Remove `private` to publish it, or leave the package out.',
    howToTell:
      'The message says the package is marked "private": true; in a multi-package release private packages appear as skipped (private) instead.',
  },
  CONFIG_INVALID_NAME: {
    title: 'Invalid package name',
    cause: 'validate-npm-package-name refuses the name for new packages.',
    fix: 'Use a lower-case, URL-safe name of at most 214 characters, optionally `@scope/name`.',
    howToTell:
      'The message quotes the name and the npm naming rule it breaks ("is not valid for publishing: ..."), or says package.json has no "name".',
  },
  CONFIG_INVALID_VERSION: {
    title: 'Version is not semver',
    cause: 'The version is missing or not a valid semantic version (npm: `invalid semver`).',
    fix: 'Set a version such as `1.2.3`.',
    howToTell:
      'The message quotes the version and says it is not valid semver, or that package.json has no "version".',
  },
  CONFIG_PRERELEASE_NEEDS_TAG: {
    title: 'Prerelease without a tag',
    cause: 'npm never puts a prerelease on `latest` implicitly.',
    fix: 'Pass a dist-tag (`--tag next`) or set `publishConfig.tag`.',
    howToTell:
      '"NAME@VERSION is a prerelease, and npm never puts a prerelease on "latest" implicitly"; reported before packing, nothing is sent.',
  },
  CONFIG_INVALID_TAG: {
    title: 'Invalid dist-tag',
    cause: 'The tag is empty, a valid semver range, or needs URL escaping.',
    fix: 'Use a plain word such as `next` or `beta`.',
    howToTell:
      'The message quotes the dist-tag and why it is refused (a semver range or version, empty, or characters npm does not allow).',
  },
  CONFIG_RESTRICTED_UNSCOPED: {
    title: 'Restricted access for an unscoped package',
    cause:
      "Only scoped packages can be restricted (npm: `Can't restrict access to unscoped packages.`).",
    fix: 'Publish with access `public`, or scope the package.',
    howToTell:
      '"NAME is unscoped, and unscoped packages cannot have restricted access"; `trustpub doctor` reports it as an error for the package.',
  },
  CONFIG_INVALID_ACCESS: {
    title: 'Invalid access level',
    cause: 'Access is not `public` or `restricted`.',
    fix: 'Use `public` or `restricted`, or leave it unset for the registry default.',
    howToTell:
      'The message quotes the access value and says it is not "public" or "restricted" (from the option or publishConfig.access).',
  },
  CONFIG_WORKSPACE_TARGET_UNKNOWN: {
    title: 'Unknown workspace: dependency',
    cause: 'A `workspace:` range names a package that is not in the workspace.',
    fix: 'Fix the dependency name, or add the package to the workspace.',
    howToTell:
      'The message names the dependency field and the `workspace:` spec, and says no workspace package has that name (or no workspace was found).',
  },
  CONFIG_WORKSPACE_RANGE_INVALID: {
    title: 'Invalid workspace: range',
    cause: 'The part after `workspace:` is not `*`, `^`, `~`, a path or a semver range.',
    fix: 'Use `workspace:*`, `workspace:^`, `workspace:~` or `workspace:<range>`.',
    howToTell:
      "The message names the dependency and the `workspace:` range, and either says it is not a semver range or gives the workspace package's version the range does not accept.",
  },
  CONFIG_CATALOG_ENTRY_UNKNOWN: {
    title: 'Unknown catalog: entry',
    cause: 'A `catalog:` range names a dependency or catalog that is not defined.',
    fix: 'Add the entry to the catalog (pnpm-workspace.yaml or package.json), or fix the range.',
    howToTell:
      'The message names the dependency and its `catalog:` spec, and says which catalog lacks the entry (or that no catalog definition was found).',
  },
  CONFIG_NPMRC_ENV_MISSING: {
    title: '.npmrc uses an unset variable',
    cause:
      'A setting trustpub needs (registry, or the named fallback token) contains `${VAR}` and `VAR` is not set; npm would use the literal text.',
    fix: 'Set the variable for the step, or write `${VAR?}` for "empty when unset".',
    howToTell:
      '"The npm setting "KEY" in FILE uses ${VAR}, which is not set in the environment": names the file, the key and the variable.',
  },
  CONFIG_REGISTRY_INVALID: {
    title: 'Registry is not a URL',
    cause: 'The registry setting (option, publishConfig, env or .npmrc) is not an http(s) URL.',
    fix: 'Set a full URL such as `https://registry.npmjs.org/`.',
    howToTell:
      'The message quotes the registry value and where it came from (.npmrc, environment, publishConfig, --registry) and says it is not an http(s) URL.',
  },
  CONFIG_WRITE_TOKEN_MASKS_OIDC: {
    title: 'A write token is configured',
    cause:
      "An `_authToken` for the registry is configured (often setup-node's placeholder); npm would fall back to it silently when OIDC fails.",
    fix: 'Remove the token from .npmrc (or `registry-url` from setup-node) when publishing with trusted publishing.',
    howToTell:
      '`trustpub doctor` shows a warning naming the variable (NPM_TOKEN, NODE_AUTH_TOKEN, the setup-node placeholder "XXXXX-...") or the .npmrc `_authToken` line, never its value. With npm alone it shows up as a misleading E404 or "Access token expired or revoked".',
  },
  CONFIG_REPOSITORY_MISMATCH: {
    title: 'repository.url does not match the job',
    cause:
      'package.json `repository.url` differs from the repository the job runs in; npmjs rejects provenance for it.',
    fix: 'Set `repository.url` to the repository that publishes the package.',
    howToTell:
      '`trustpub doctor` names the package.json "repository" and the repository the job runs in; an error when provenance will be made, a warning otherwise. Without the check the registry answers 422 on the upload.',
  },
  CONFIG_INVALID_OPTION: {
    title: 'Invalid option',
    cause:
      'An option or setting has a value trustpub cannot use (for example provenance not true/false).',
    fix: 'Correct the value the message names.',
    howToTell:
      'The message names the option or setting and the value it got (a command-line flag, a plugin option, `.changeset/config.json`, a provenance setting that is not true/false); nothing is sent.',
  },
  CONFIG_LATEST_DOWNGRADE: {
    title: '`latest` would go backwards',
    cause:
      'A higher version is already published and no tag was chosen; npm refuses to move `latest` to a lower version implicitly.',
    fix: 'Publish older release lines with an explicit tag (`--tag release-1.x`).',
    howToTell:
      '"NAME@VERSION would take the "latest" tag, but HIGHER is already published and higher"; reported before the upload.',
  },
  CONFIG_DUPLICATE_PACKAGE_NAME: {
    title: 'Two workspace packages share a name',
    cause:
      'Two folders of the workspace have the same `name` in their package.json; only one of them could ever be published under it.',
    fix: 'Rename one of them (or mark the copy `"private": true`) so every name is unique.',
    howToTell:
      '"NAME is the name of more than one workspace package (DIR1, DIR2)"; reported by `trustpub doctor` and by publish before anything is sent.',
  },
  TOKEN_TRANSPORT_INSECURE: {
    title: 'A token would travel in plain text',
    cause:
      "The registry (or the CI's ID-token URL, or the trust API) is an `http://` address of another machine: the ID token, the exchanged token or a maintainer token would cross the network unencrypted, and an ID token could be replayed against the real registry (its audience names only the host).",
    fix: 'Use `https://` where the URL is set (.npmrc `registry=`, `@scope:registry=`, `publishConfig.registry`, `--registry`, `npm_config_registry`); plain `http://` is allowed only for a registry on this machine (127.0.0.0/8, ::1, localhost).',
    howToTell:
      '"Refused to send a token to http://HOST/PATH (...): it is plain http to another machine ... Nothing was sent." The refusal happens before any connection, in publish, doctor, dist-tag and trust alike.',
  },
  CLI_USAGE: {
    title: 'Wrong command line',
    cause:
      'An unknown command or option, a missing or invalid value, or options that contradict each other (`--provenance --no-provenance`).',
    fix: 'Correct the command line; `trustpub <command> --help` lists the options.',
    howToTell:
      '`CLI_USAGE: trustpub <command>: ...` on stderr and exit code 2; nothing is read or sent.',
  }, // Packing
  PACK_LIFECYCLE_SCRIPT_FAILED: {
    title: 'Lifecycle script failed',
    cause:
      'A `prepublishOnly`, `prepack`, `prepare`, `postpack`, `publish` or `postpublish` script exited with an error.',
    fix: 'Run the script with `npm run <event>` to see it fail and fix it, or use ignore-scripts.',
    howToTell:
      'The message names the script (prepublishOnly, prepack, prepare, postpack), the package, the exit code or signal, and the end of its output.',
  },
  PACK_TARBALL_INVALID: {
    title: 'Tarball cannot be published',
    cause: 'The given tarball cannot be read, is not a tar(.gz) or holds no valid package.json.',
    fix: 'Build the tarball with `npm pack` and pass its path.',
    howToTell:
      'The message names the tarball file and what is wrong with it (unreadable, not a tar archive, no package/package.json, or, for `--from-pack-dir`, an integrity that differs from the pack plan).',
  },
  PACK_FAILED: {
    title: 'Packing failed',
    cause: 'A file to include could not be read (permissions, broken symlink).',
    fix: 'Fix the file named in the message and retry.',
    howToTell:
      '"Packing NAME in DIR failed: ..." with the file system error (EACCES, ENOENT on a broken symlink, ...).',
  },
  PACK_SECRET_FOUND: {
    title: 'Secret in the package',
    cause:
      'A file that would be published holds a private key, an access token (npm, GitHub, Slack, Stripe, AWS), a registry credential line or a credential in an .env file.',
    fix: 'Remove the file or the secret (and add it to .npmignore or "files"), then revoke the secret: it may be in your git history. A file you reviewed and that holds no real secret (a test key) is accepted with --allow-file PATH (plugin option allowFiles).',
    howToTell:
      '"NAME@VERSION would publish a secret: FILE line N: a private key (PEM/OpenSSH)"; the value itself is never printed. Nothing was uploaded for the release.',
  },
  // Provenance
  PROVENANCE_UNSUPPORTED_CI: {
    title: 'Provenance impossible here',
    cause: 'Provenance was requested outside GitHub Actions / GitLab CI (never on CircleCI).',
    fix: 'Publish from GitHub Actions or GitLab CI, or turn provenance off.',
    howToTell:
      '"Provenance was requested by SETTING, but ..." CircleCI or no supported CI; reported before anything is sent. npm alone prints "Automatic provenance generation not supported for provider".',
  },
  PROVENANCE_PRIVATE_REPOSITORY: {
    title: 'Provenance from a private repository',
    cause: 'npmjs accepts provenance only from public repositories.',
    fix: 'Make the repository public, or turn provenance off.',
    howToTell:
      "The message quotes the token's `repository_visibility` (GitHub) or `project_visibility` (GitLab) claim; `trustpub doctor` reports it per package when provenance is requested. npm alone would get a 422 from the registry.",
  },
  PROVENANCE_SELF_HOSTED_RUNNER: {
    title: 'Provenance from a self-hosted runner',
    cause: 'npmjs refuses provenance from self-hosted runners.',
    fix: 'Use a hosted runner, or turn provenance off.',
    howToTell:
      'The token\'s `runner_environment` claim is "self-hosted"; `trustpub doctor` reports it as an error when provenance will be made and a warning otherwise. npm alone would get a 422 on the upload.',
  },
  PROVENANCE_NO_SIGSTORE_TOKEN: {
    title: 'No Sigstore identity token',
    cause: 'GitHub: no `id-token: write`; GitLab: `SIGSTORE_ID_TOKEN` not declared.',
    fix: 'GitHub: add `permissions: id-token: write`. GitLab: `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore`.',
    howToTell:
      '"Provenance was requested by SETTING, but ..." the GitHub job cannot request a "sigstore" token (no ACTIONS_ID_TOKEN_REQUEST_URL) or SIGSTORE_ID_TOKEN is not set in the GitLab job; nothing is sent.',
  },
  PROVENANCE_PRIVATE_PACKAGE: {
    title: 'Provenance for a private package',
    cause: 'Provenance is only for public packages (restricted access, or a new/private package).',
    fix: 'Publish with access `public`, or turn provenance off.',
    howToTell:
      '"Provenance was requested by SETTING, but the package is not public on the registry" (or access is "restricted"); npm alone prints "Can\'t generate provenance for new or private package".',
  },
  PROVENANCE_CHECK_FAILED: {
    title: 'A check provenance needs did not answer',
    cause:
      "Provenance is due (npm's rule: public repository on a supported CI), but the registry's visibility check for the package (`GET /-/package/NAME/visibility`) failed or timed out on every attempt, so trustpub cannot tell whether npm would attach provenance.",
    fix: 'Re-run the job (the registry had a problem); to publish without provenance on purpose, pass `--no-provenance` (or `provenance: false`).',
    howToTell:
      '"Provenance is due for NAME@VERSION, but the registry\'s visibility check failed ..."; the package is not uploaded (a public package is never published without the provenance it would have had).',
  },
  PROVENANCE_SIGNING_FAILED: {
    title: 'Signing failed',
    cause: 'Fulcio or Rekor refused or could not be reached while signing the statement.',
    fix: 'Check `TRUSTPUB_FULCIO_URL` / `TRUSTPUB_REKOR_URL` and the network; re-run.',
    howToTell:
      '"Signing the provenance statement failed" with the Sigstore error and the Fulcio and Rekor URLs used; nothing was uploaded.',
  },
  // Registry transport
  REGISTRY_NETWORK: {
    title: 'Registry unreachable',
    cause: 'No answer from the registry (connection refused or reset) after the allowed retries.',
    fix: 'Check the registry URL and network. An upload that got no answer may have succeeded: re-run, an identical version is recognised.',
    howToTell:
      '"REQUEST got no answer (after N tries): connection failed (CODE: ...)"; no HTTP status, the code is ECONNREFUSED, ENOTFOUND, ECONNRESET or similar.',
  },
  REGISTRY_TIMEOUT: {
    title: 'Registry timed out',
    cause: 'The registry did not answer in time.',
    fix: 'Retry later; check proxies.',
    howToTell:
      '"REQUEST got no answer (after N tries): timed out"; no HTTP status. Seen with a slow or unreachable registry or proxy.',
  },
  REGISTRY_HTTP_ERROR: {
    title: 'Registry read failed',
    cause: 'Reading a packument or tarball answered an unexpected status.',
    fix: 'Check the registry URL and, for restricted packages, the read token.',
    howToTell:
      'The message names the request (packument read, visibility check) and the HTTP status the registry answered, with its message when it sent one.',
  },
  REGISTRY_MALFORMED_RESPONSE: {
    title: 'Registry answer not understood',
    cause: 'The answer is not a packument (no `versions`).',
    fix: 'Check that the registry URL points at an npm registry.',
    howToTell:
      'The registry answered 200 but not with what was asked ("is not a packument", or the visibility check did not answer {"public": true|false}); often the registry URL points at a web page.',
  },
  // Publish
  PUBLISH_VERSION_CONFLICT: {
    title: 'Version exists with other contents',
    cause:
      'The version is on the registry with a different integrity than this build; versions cannot be overwritten.',
    fix: "Bump the version. For re-runs, make the build reproducible or publish the first run's tarball.",
    howToTell:
      '"NAME@VERSION is already on REGISTRY with different contents", with both integrities when the packument has them; found before the upload, or when the registry answers that the version exists.',
  },
  PUBLISH_UNAUTHORIZED: {
    title: 'Upload not authenticated (401)',
    cause:
      'The token was not accepted for the upload (expired exchanged token, invalid fallback token).',
    fix: 'Re-run the job; check the fallback token.',
    howToTell:
      'The upload (PUT) answered HTTP 401 after a successful exchange; the message ends "Nothing was published".',
  },
  PUBLISH_FORBIDDEN: {
    title: 'Upload forbidden (403/404)',
    cause: 'The token may not publish this package (npmjs answers 404 to tokens without rights).',
    fix: "Check the token's rights; exchanged tokens only cover the package they were exchanged for.",
    howToTell:
      'The upload answered HTTP 403 (or npmjs\'s 404 for a token without rights) with the registry\'s message; the message ends "Nothing was published".',
  },
  PUBLISH_PROVENANCE_REJECTED: {
    title: 'Provenance rejected (422)',
    cause:
      'The registry refused the provenance bundle (repository.url mismatch, private repository, self-hosted runner, ...).',
    fix: 'Fix what the registry message names, or publish without provenance.',
    howToTell:
      'The upload answered HTTP 422 with the registry\'s text about the provenance (repository.url mismatch, private repository, self-hosted runner); the message ends "Nothing was published".',
  },
  PUBLISH_REJECTED: {
    title: 'Upload rejected',
    cause: 'The registry refused the upload with another status.',
    fix: 'Fix what the registry message names; on 5xx re-run.',
    howToTell:
      'The upload answered another 4xx/5xx ("rejected the upload of NAME@VERSION with HTTP STATUS") with the registry\'s message; nothing was published.',
  },
  PUBLISH_OUTCOME_UNKNOWN: {
    title: 'Whether the upload was stored is unknown',
    cause:
      'The upload was sent, its answer was lost (connection reset, timeout, a 5xx from a proxy), and reading the registry afterwards failed too, so nobody can say yet whether the version is there.',
    fix: 'Run the same command again: it reads the registry first and publishes only what is missing (an identical version already there is reported as already published).',
    howToTell:
      'The report lists the package as "unknown" (neither published nor not published), in the footer\'s "Unknown" line, and leaves it out of `published-packages`.',
  },
  PUBLISH_NO_CREDENTIALS: {
    title: 'No way to authenticate',
    cause:
      'No supported CI identity and no fallback token named; trustpub never uses a token from .npmrc on its own.',
    fix: 'Publish from CI with trusted publishing, or name a token explicitly (`--fallback-token-env VAR`).',
    howToTell:
      '"Cannot publish NAME: no supported CI was detected ..." and no `--fallback-token-env`; trustpub does not read a token from .npmrc on its own.',
  },
  PUBLISH_PERMISSION_DENIED: {
    title: 'Trusted publisher may not do this (403)',
    cause:
      'The registry answered "OIDC permission denied for this action": the trusted publisher allows only staged publishing (not npm publish), or only publishing (not staging), or the package\'s publishing access refuses OIDC.',
    fix: "Stage instead (trustpub publish --stage) when the trusted publisher is stage-only, or allow the action: trustpub trust <provider> NAME ... --allow-publish and/or --allow-stage-publish (with --replace), or change the package's publishing access on npmjs.com.",
    howToTell:
      'The upload (PUT) or the stage request answered 403 with "OIDC permission denied for this action" after a successful token exchange.',
  },
  STAGE_NOT_FOUND: {
    title: 'No such staged version',
    cause:
      "The stage id or NAME@VERSION given to trustpub stage names nothing in the registry's stage queue.",
    fix: 'Run trustpub stage list [NAME] to see what is staged; it may already be approved or rejected.',
    howToTell:
      '"No staged version ..." after trustpub stage view/approve/reject; the registry answered 404 or the list does not hold it.',
  },
  STAGE_REQUEST_FAILED: {
    title: 'Stage request refused',
    cause:
      'The registry refused a stage request (staging, listing, approving or rejecting) for a reason other than 2FA: no rights, an unknown package, or a registry without staged publishing.',
    fix: "Read the registry message in the error; staged publishing needs npmjs (npm 11.15+ protocol), an existing package, and a maintainer's token for list/approve/reject.",
    howToTell:
      '"The registry refused ... (HTTP N: message)" from trustpub stage or publish --stage.',
  },
  // Dist-tags
  DIST_TAG_OIDC_REFUSED: {
    title: 'Registry refused the exchanged token for dist-tags',
    cause:
      'npm documents trusted publishing for publish only; this registry does not accept exchanged tokens for dist-tag changes.',
    fix: 'Name a token that may change dist-tags (`--fallback-token-env VAR`), or change the tag by hand.',
    howToTell:
      'Setting a dist-tag with the exchanged token answered HTTP 401 or 403 ("refused to set NAME@TAG -> VERSION with the trusted-publishing token"); the version itself is published.',
  },
  DIST_TAG_FAILED: {
    title: 'Dist-tag change failed',
    cause: 'The registry refused the dist-tag change (unknown version, no rights, server error).',
    fix: "Check the version exists and the token's rights; retry.",
    howToTell:
      '"Setting NAME@TAG -> VERSION failed with HTTP STATUS" with the registry\'s message; the version itself is published.',
  },
  // Verification
  VERIFY_VERSION_NOT_FOUND: {
    title: 'Version not listed',
    cause: 'The registry does not list the version (yet).',
    fix: 'Wait a minute and verify again; publish it if it is missing.',
    howToTell:
      '`trustpub verify` prints FAILED with "NAME@VERSION is not listed by REGISTRY"; the packument has no such version (or no integrity for it).',
  },
  VERIFY_INTEGRITY_MISMATCH: {
    title: 'Stored integrity differs',
    cause: 'The registry holds different bytes than were uploaded (or than it serves).',
    fix: 'Do not trust the version; check who published it and contact the registry.',
    howToTell:
      "`trustpub verify` (or the publish's own check) prints both integrities: the one the packument records and the one of the tarball served or uploaded.",
  },
  VERIFY_ATTESTATION_MISSING: {
    title: 'Attestation missing',
    cause: 'Provenance was expected, but the registry lists or serves no attestation.',
    fix: 'Check the publish log for a provenance rejection; wait and verify again.',
    howToTell:
      '`trustpub verify` prints FAILED with "was expected to carry provenance, but REGISTRY lists no attestation for it" (`--no-provenance` accepts that), or the listed attestation URL answers an error.',
  },
  VERIFY_PROVENANCE_INVALID: {
    title: 'Provenance does not verify',
    cause: "The bundle's signature, subject, repository or workflow does not match.",
    fix: 'Do not trust the provenance; publish a new version from the intended repository and workflow.',
    howToTell:
      '`trustpub verify` prints FAILED with what differs: the bundle does not verify, its subject digest is not the tarball\'s, or it was "signed in REPOSITORY, not in EXPECTED" / "signed by the workflow ..., not by FILE" (`--repo`, `--workflow`).',
  },
  VERIFY_NETWORK: {
    title: 'Sigstore could not be reached to verify provenance',
    cause:
      'Verifying a provenance bundle against the public-good Sigstore instance first fetches its trusted root (TUF, tuf-repo-cdn.sigstore.dev); without network access to it the signature cannot be checked. This says nothing about the bundle itself.',
    fix: 'Allow HTTPS to tuf-repo-cdn.sigstore.dev and run `trustpub verify` again, or verify offline with TRUSTPUB_TRUSTED_ROOT pointing at a trusted_root.json file.',
    howToTell:
      '`trustpub verify` prints FAILED with VERIFY_NETWORK and the fetch error (for example TUF_REFRESH_METADATA_ERROR); the integrity check still ran. VERIFY_PROVENANCE_INVALID, in contrast, means the bundle was checked and does not verify.',
  },
  WORKFLOW_ID_TOKEN: {
    title: 'Publishing job gets no ID token',
    cause:
      "The job that publishes lacks `permissions: id-token: write` (GitHub; a job's permissions replace the workflow's) or `id_tokens` with NPM_ID_TOKEN for the registry's audience (GitLab).",
    fix: 'Add `id-token: write` to the job\'s permissions (GitHub), or `id_tokens: { NPM_ID_TOKEN: { aud: "npm:registry.npmjs.org" }, SIGSTORE_ID_TOKEN: { aud: sigstore } }` (GitLab).',
    howToTell: 'trustpub doctor names the workflow file, line and job.',
  },
  WORKFLOW_SELF_HOSTED_RUNNER: {
    title: 'Publishing job on a self-hosted runner',
    cause: "npm's trusted publishing accepts only the CI provider's hosted runners.",
    fix: 'Run the publishing job on a hosted runner (GitHub: runs-on ubuntu-latest; GitLab: no tags or saas-* tags; CircleCI: no namespace/ resource class).',
    howToTell:
      'trustpub doctor names the workflow file and the runs-on / tags / resource_class line.',
  },
  WORKFLOW_REGISTRY_URL: {
    title: "setup-node's registry-url in the publishing job",
    cause:
      'actions/setup-node with `registry-url` writes an .npmrc token line and a placeholder NODE_AUTH_TOKEN that npm falls back to when the exchange fails.',
    fix: 'Remove `registry-url` from actions/setup-node in the publishing job.',
    howToTell: 'trustpub doctor names the workflow file and the registry-url line.',
  },
  WORKFLOW_WRITE_TOKEN: {
    title: 'npm write token in the publishing job',
    cause: 'NODE_AUTH_TOKEN / NPM_TOKEN is set for the job that publishes with trusted publishing.',
    fix: 'Remove the variable, then revoke the token and delete the secret once trusted publishing works.',
    howToTell: 'trustpub doctor names the workflow file and the line that sets the variable.',
  },
  WORKFLOW_TRUSTED_PUBLISHER_MISMATCH: {
    title: 'Workflow differs from the trusted publisher',
    cause:
      "The publishing job is in another workflow file, or runs in another environment, than the package's trusted publisher names; the registry refuses the exchange.",
    fix: 'Publish from the named workflow file and environment, or change the trusted publisher (trustpub trust ... --file/--env, or .trustpub.json).',
    howToTell: "trustpub doctor names the package(s), the expected file/environment and the job's.",
  },
  WORKFLOW_NPM_UPGRADE: {
    title: 'Unneeded npm upgrade step',
    cause:
      '`npm install -g npm@latest` in the publishing job, usually added to get trusted publishing; trustpub does not need it.',
    fix: 'Remove the step.',
    howToTell: 'trustpub doctor names the workflow file and the line.',
  },
  WORKFLOW_INVALID_YAML: {
    title: 'CI file is not valid YAML',
    cause: 'A workflow file (or .gitlab-ci.yml, .circleci/config.yml) cannot be parsed.',
    fix: 'Fix the YAML at the line named.',
    howToTell: 'trustpub doctor names the file, the line and the parser message.',
  },
  // Releases
  RELEASE_DEPENDENCY_CYCLE: {
    title: 'Dependency cycle',
    cause:
      'Packages depend on each other in a cycle (not only through devDependencies), so no publish order exists.',
    fix: 'Break the cycle, or make one edge a devDependency.',
    howToTell:
      '"These packages depend on each other in a cycle: a -> b -> a" before anything is sent; the CLI exits with code 4.',
  },
  RELEASE_DEPENDENCY_FAILED: {
    title: 'A dependency failed',
    cause: 'A package this one depends on failed to publish, so this one was not published.',
    fix: 'Fix the failed dependency and re-run; published packages are recognised.',
    howToTell:
      'In the release report the package is `skipped (dependency-failed)` with "Not published: it depends on DEP, which was not published"; DEP has its own failure line.',
  },
  RELEASE_DEPENDENCY_UNPUBLISHED: {
    title: 'A needed workspace package is left out',
    cause:
      'A package of this release depends (dependencies or peerDependencies) on a package of the same workspace that the release does not include, and no version on the registry satisfies the range: the published package could not be installed.',
    fix: 'Publish the dependency in the same release (select it too, or use --workspaces) or before; if it is private or only needed to build, make it a devDependency or bundle it.',
    howToTell:
      '`trustpub doctor` and the preflight report "@a/app@2.0.0 depends on @a/lib ^2.0.0 (dependencies), but no version of @a/lib on <registry> satisfies it ... Installing @a/app@2.0.0 would fail." before anything is uploaded; a warning instead when the registry does not let trustpub read the dependency.',
  },
  RELEASE_NO_PACKAGES: {
    title: 'Nothing to release',
    cause: 'No package matched the selection.',
    fix: 'Pass existing package directories or names, or run from the repository root with `--workspaces`.',
    howToTell:
      'The message says no package matched the selection (a path or name that is not a workspace package, or an empty workspace); nothing is sent.',
  },
  RELEASE_GIT_TAG_FAILED: {
    title: 'A release tag could not be created',
    cause:
      'After publishing, git could not list or create a release tag: the directory is not a git checkout, the repository has no commit yet, annotated tags need a `user.name`/`user.email` that is not configured, or `.git` is not writable. The packages reported as published are on the registry.',
    fix: 'Run in a git checkout with a commit and a git identity, then run the same command again (published versions are skipped and only the missing tags are created), or pass `--no-git-tag`.',
    howToTell:
      'After the publish lines, "git could not list the tags in DIR" or "git could not create the tag TAG in DIR"; the packages reported as published are on the registry, only the tags are missing.',
  },
  // Trust management
  TRUST_AUTH_MISSING: {
    title: 'No user token for trust management',
    cause: 'Managing trusted publishers needs an npm user token in the named variable.',
    fix: 'Set `NPM_TOKEN` (or the variable named with `--token-env`) to a token from `npm login`.',
    howToTell:
      '"The environment variable NPM_TOKEN (or the --token-env name) is not set"; `trustpub trust` stops before any request.',
  },
  TRUST_AUTH_REJECTED: {
    title: 'User token rejected',
    cause: 'The registry did not accept the user token for the trust API.',
    fix: 'Use a valid token from `npm login` or a granular token.',
    howToTell:
      'The trust API answered HTTP 401 (token not accepted) or 403 ("The user may not manage trusted publishers of NAME"), with the registry\'s message.',
  },
  TRUST_OTP_REQUIRED: {
    title: 'One-time password needed',
    cause: 'The account has 2FA and the trust API asks for an OTP.',
    fix: 'Pass `--otp <code>` or run interactively.',
    howToTell:
      'The trust API answered 401 asking for a one-time password and none could be given (not a terminal, no --otp), or web authentication did not complete.',
  },
  TRUST_OTP_INVALID: {
    title: 'One-time password refused',
    cause: 'The OTP was wrong or expired.',
    fix: 'Use a fresh code from the authenticator.',
    howToTell:
      '"The registry refused the one-time password for NAME: it was mistyped or has expired"; in a terminal you are asked again first.',
  },
  TRUST_RATE_LIMITED: {
    title: 'Trust API rate limit',
    cause: 'The registry answered 429 beyond the retries trustpub waits for.',
    fix: 'Wait the time the message gives, then run again.',
    howToTell:
      '"The registry kept refusing METHOD URL with 429 Too Many Requests" after waiting as Retry-After asked; packages finished before are kept.',
  },
  TRUST_CONFLICT: {
    title: 'Trusted publisher already configured',
    cause: 'A package can have only one trusted publisher configuration.',
    fix: 'Use `trustpub trust sync --replace`, or revoke the old one first.',
    howToTell:
      'The trust API answered HTTP 409: "NAME already has a trusted publisher configuration"; `trustpub trust sync` shows the package as conflict.',
  },
  TRUST_INVALID_INPUT: {
    title: 'Invalid trust settings',
    cause:
      "A repository, workflow file, environment or CircleCI id is missing or malformed (npm trust's own validation).",
    fix: 'Correct the value the message names (workflow: a file name ending in .yml/.yaml).',
    howToTell:
      'npm trust\'s own validation texts ("Package name must be specified ...", "At least one permission flag is required ...") before any request, or the registry\'s HTTP 400 message about the configuration.',
  },
  TRUST_NOT_FOUND: {
    title: 'Package or configuration not found',
    cause: 'The package or the trusted publisher configuration does not exist.',
    fix: 'Check the package name and the configuration id (`trustpub trust list`).',
    howToTell:
      'The trust API answered HTTP 404: "Package not found: NAME" (the package was never published) or, for revoke, "No such trust configuration or package".',
  },
  TRUST_HTTP_ERROR: {
    title: 'Trust API failed',
    cause: 'The trust API answered an unexpected status.',
    fix: 'Retry later; report it with the registry message.',
    howToTell:
      '"Trust API call for NAME failed. METHOD URL answered STATUS" with a status other than 400, 401, 403, 404, 409 or 429 (often 5xx).',
  },
  TRUST_NETWORK: {
    title: 'Trust API unreachable',
    cause: "No answer from the registry's trust API.",
    fix: 'Check the registry URL and the network.',
    howToTell:
      '"the trust request for NAME (METHOD URL) got no answer: ..." or "the web-authentication poll (GET URL) got no answer: ..."; no HTTP status.',
  },
  TRUST_MALFORMED_RESPONSE: {
    title: 'Trust API answer not understood',
    cause: 'The trust API answered a body that is not the expected JSON.',
    fix: 'Check that the registry URL points at the registry.',
    howToTell:
      '"The registry answered STATUS for NAME but not with a configuration list", or web authentication finished without a token.',
  },
  TRUST_CANCELLED: {
    title: 'Cancelled',
    cause: 'The confirmation question was not answered yes.',
    fix: 'Answer `y`, or pass `--yes` (needed outside a terminal).',
    howToTell:
      '"User cancelled operation": the confirmation was answered no, or it could not be asked (not a terminal and no --yes).',
  },
  TRUST_BOOTSTRAP_FAILED: {
    title: 'Placeholder publish failed',
    cause:
      'The first publish of a placeholder version (to create the package before configuring trust) failed.',
    fix: 'Fix the cause in the message (token rights, name taken) and run again.',
    howToTell:
      '"Could not publish the placeholder NAME@0.0.0-trustpub.bootstrap: ..." with the publish error behind it; the trusted publisher was not created.',
  },
  // Install auth
  INSTALL_AUTH_INVALID: {
    title: 'Invalid install-auth input',
    cause: 'The token variable for install auth is missing or not a variable name.',
    fix: "Pass the variable's name (`--token-env NPM_READ_TOKEN`), not its value.",
    howToTell:
      '`trustpub install-auth` names the flag and the value it refused (a --token-env that is not a variable name, a --scope that is not @name); nothing is written.',
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
        howToTell: 'The error names this code.',
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
    '<!-- Generated from packages/core/src/errors/catalogue.ts by `node scripts/gen-errors-doc.mjs`. Do not edit. -->',
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
      `- How to tell: ${entry.howToTell}`,
      `- Fix: ${entry.fix}`,
      '',
    );
  }
  return lines.join('\n');
}
