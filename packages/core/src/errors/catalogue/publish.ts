import type { CatalogueEntries } from './entry.js';

/** Catalogue entries: packing, provenance, the registry transport and the publish. */
export const PUBLISH_ENTRIES = {
  // Packing
  PACK_LIFECYCLE_SCRIPT_FAILED: {
    title: 'Lifecycle script failed',
    cause:
      'A `prepublishOnly`, `prepack`, `prepare`, `postpack`, `publish` or `postpublish` script exited with an error.',
    howToTell:
      'The message names the script (prepublishOnly, prepack, prepare, postpack), the package, the exit code or signal, and the end of its output.',
  },
  PACK_TARBALL_INVALID: {
    title: 'Tarball cannot be published',
    cause: 'The given tarball cannot be read, is not a tar(.gz) or holds no valid package.json.',
    howToTell:
      'The message names the tarball file and what is wrong with it (unreadable, not a tar archive, no package/package.json, or, for `--from-pack-dir`, an integrity that differs from the pack plan).',
  },
  PACK_FAILED: {
    title: 'Packing failed',
    cause: 'A file to include could not be read (permissions, broken symlink).',
    howToTell:
      '"Packing NAME in DIR failed: ..." with the file system error (EACCES, ENOENT on a broken symlink, ...).',
  },
  PACK_SECRET_FOUND: {
    title: 'Secret in the package',
    cause:
      'A file that would be published holds a private key, an access token (npm, GitHub, Slack, Stripe, AWS), a registry credential line or a credential in an .env file.',
    howToTell:
      '"NAME@VERSION would publish a secret: FILE line N: a private key (PEM/OpenSSH)"; the value itself is never printed. Nothing was uploaded for the release.',
  },
  // Provenance
  PROVENANCE_UNSUPPORTED_CI: {
    title: 'Provenance impossible here',
    cause: 'Provenance was requested outside GitHub Actions / GitLab CI (never on CircleCI).',
    howToTell:
      '"Provenance was requested by SETTING, but ..." CircleCI or no supported CI; reported before anything is sent. npm alone prints "Automatic provenance generation not supported for provider".',
  },
  PROVENANCE_PRIVATE_REPOSITORY: {
    title: 'Provenance from a private repository',
    cause: 'npmjs accepts provenance only from public repositories.',
    howToTell:
      "The message quotes the token's `repository_visibility` (GitHub) or `project_visibility` (GitLab) claim; `trustpub doctor` reports it per package when provenance is requested. npm alone would get a 422 from the registry.",
  },
  PROVENANCE_SELF_HOSTED_RUNNER: {
    title: 'Provenance from a self-hosted runner',
    cause: 'npmjs refuses provenance from self-hosted runners.',
    howToTell:
      'The token\'s `runner_environment` claim is "self-hosted"; `trustpub doctor` reports it as an error when provenance will be made and a warning otherwise. npm alone would get a 422 on the upload.',
  },
  PROVENANCE_NO_SIGSTORE_TOKEN: {
    title: 'No Sigstore identity token',
    cause: 'GitHub: no `id-token: write`; GitLab: `SIGSTORE_ID_TOKEN` not declared.',
    howToTell:
      '"Provenance was requested by SETTING, but ..." the GitHub job cannot request a "sigstore" token (no ACTIONS_ID_TOKEN_REQUEST_URL) or SIGSTORE_ID_TOKEN is not set in the GitLab job; nothing is sent.',
  },
  PROVENANCE_PRIVATE_PACKAGE: {
    title: 'Provenance for a private package',
    cause: 'Provenance is only for public packages (restricted access, or a new/private package).',
    howToTell:
      '"Provenance was requested by SETTING, but the package is not public on the registry" (or access is "restricted"); npm alone prints "Can\'t generate provenance for new or private package".',
  },
  PROVENANCE_CHECK_FAILED: {
    title: 'A check provenance needs did not answer',
    cause:
      "Provenance is due (npm's rule: public repository on a supported CI), but the registry's visibility check for the package (`GET /-/package/NAME/visibility`) failed or timed out on every attempt, so trustpub cannot tell whether npm would attach provenance.",
    howToTell:
      '"Provenance is due for NAME@VERSION, but the registry\'s visibility check failed ..."; the package is not uploaded (a public package is never published without the provenance it would have had).',
  },
  PROVENANCE_SIGNING_FAILED: {
    title: 'Signing failed',
    cause: 'Fulcio or Rekor refused or could not be reached while signing the statement.',
    howToTell:
      '"Signing the provenance statement failed" with the Sigstore error and the Fulcio and Rekor URLs used; nothing was uploaded.',
  },
  // Registry transport
  REGISTRY_NETWORK: {
    title: 'Registry unreachable',
    cause: 'No answer from the registry (connection refused or reset) after the allowed retries.',
    howToTell:
      '"REQUEST got no answer (after N tries): connection failed (CODE: ...)"; no HTTP status, the code is ECONNREFUSED, ENOTFOUND, ECONNRESET or similar.',
  },
  REGISTRY_TIMEOUT: {
    title: 'Registry timed out',
    cause: 'The registry did not answer in time.',
    howToTell:
      '"REQUEST got no answer (after N tries): timed out"; no HTTP status. Seen with a slow or unreachable registry or proxy.',
  },
  REGISTRY_HTTP_ERROR: {
    title: 'Registry read failed',
    cause: 'Reading a packument or tarball answered an unexpected status.',
    howToTell:
      'The message names the request (packument read, visibility check) and the HTTP status the registry answered, with its message when it sent one.',
  },
  REGISTRY_MALFORMED_RESPONSE: {
    title: 'Registry answer not understood',
    cause: 'The answer is not a packument (no `versions`).',
    howToTell:
      'The registry answered 200 but not with what was asked ("is not a packument", or the visibility check did not answer {"public": true|false}); often the registry URL points at a web page.',
  },
  // Publish
  PUBLISH_VERSION_CONFLICT: {
    title: 'Version exists with other contents',
    cause:
      'The version is on the registry with a different integrity than this build; versions cannot be overwritten.',
    howToTell:
      '"NAME@VERSION is already on REGISTRY with different contents", with both integrities when the packument has them; found before the upload, or when the registry answers that the version exists.',
  },
  PUBLISH_UNAUTHORIZED: {
    title: 'Upload not authenticated (401)',
    cause:
      'The token was not accepted for the upload (expired exchanged token, invalid fallback token).',
    howToTell:
      'The upload (PUT) answered HTTP 401 after a successful exchange; the message ends "Nothing was published".',
  },
  PUBLISH_FORBIDDEN: {
    title: 'Upload forbidden (403/404)',
    cause: 'The token may not publish this package (npmjs answers 404 to tokens without rights).',
    howToTell:
      'The upload answered HTTP 403 (or npmjs\'s 404 for a token without rights) with the registry\'s message; the message ends "Nothing was published".',
  },
  PUBLISH_PROVENANCE_REJECTED: {
    title: 'Provenance rejected (422)',
    cause:
      'The registry refused the provenance bundle (repository.url mismatch, private repository, self-hosted runner, ...).',
    howToTell:
      'The upload answered HTTP 422 with the registry\'s text about the provenance (repository.url mismatch, private repository, self-hosted runner); the message ends "Nothing was published".',
  },
  PUBLISH_REJECTED: {
    title: 'Upload rejected',
    cause: 'The registry refused the upload with another status.',
    howToTell:
      'The upload answered another 4xx/5xx ("rejected the upload of NAME@VERSION with HTTP STATUS") with the registry\'s message; nothing was published.',
  },
  PUBLISH_OUTCOME_UNKNOWN: {
    title: 'Whether the upload was stored is unknown',
    cause:
      'The upload was sent, its answer was lost (connection reset, timeout, a 5xx from a proxy), and reading the registry afterwards failed too, so nobody can say yet whether the version is there.',
    howToTell:
      'The report lists the package as "unknown" (neither published nor not published), in the footer\'s "Unknown" line, and leaves it out of `published-packages`.',
  },
  PUBLISH_NO_CREDENTIALS: {
    title: 'No way to authenticate',
    cause:
      'No supported CI identity and no fallback token named; trustpub never uses a token from .npmrc on its own.',
    howToTell:
      '"Cannot publish NAME: no supported CI was detected ..." and no `--fallback-token-env`; trustpub does not read a token from .npmrc on its own.',
  },
  PUBLISH_PERMISSION_DENIED: {
    title: 'Trusted publisher may not do this (403)',
    cause:
      'The registry answered "OIDC permission denied for this action": the trusted publisher allows only staged publishing (not npm publish), or only publishing (not staging), or the package\'s publishing access refuses OIDC.',
    howToTell:
      'The upload (PUT) or the stage request answered 403 with "OIDC permission denied for this action" after a successful token exchange.',
  },
  STAGE_NOT_FOUND: {
    title: 'No such staged version',
    cause:
      "The stage id or NAME@VERSION given to trustpub stage names nothing in the registry's stage queue.",
    howToTell:
      '"No staged version ..." after trustpub stage view/approve/reject; the registry answered 404 or the list does not hold it.',
  },
  STAGE_REQUEST_FAILED: {
    title: 'Stage request refused',
    cause:
      'The registry refused a stage request (staging, listing, approving or rejecting) for a reason other than 2FA: no rights, an unknown package, or a registry without staged publishing.',
    howToTell:
      '"The registry refused ... (HTTP N: message)" from trustpub stage or publish --stage.',
  },
} satisfies CatalogueEntries;
