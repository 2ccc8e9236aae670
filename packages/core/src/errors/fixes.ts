import type { TrustpubErrorCode } from './errors.js';

/**
 * The fix of every code whose fix is one fixed sentence, written once: the code that throws uses it as the
 * hint, and the catalogue (docs/errors.md) shows it as the fix. Codes whose fix depends on the situation
 * (names, URLs, the expected trusted publisher) build their hint where they are thrown; their catalogue
 * entry describes the fix in general and names the builder.
 */
export const FIXES = {
  CONFIG_DUPLICATE_PACKAGE_NAME:
    'Give each workspace package its own "name" (or remove the copy from the workspace globs).',
  CONFIG_INVALID_ACCESS:
    'Use access "public" or "restricted" (option or publishConfig.access), or leave it out for the registry default.',
  CONFIG_INVALID_TAG:
    'Use a plain word such as latest, next or beta (letters, digits, "-", "_", ".").',
  CONFIG_LATEST_DOWNGRADE:
    'Publish older lines with an explicit dist-tag (for example --tag release-1.x, or publishConfig.tag).',
  CONFIG_PRERELEASE_NEEDS_TAG:
    'Choose a dist-tag for the prerelease (for example --tag next, or publishConfig.tag).',
  CONFIG_RESTRICTED_UNSCOPED:
    'Publish it with access "public", or move it under a scope (@scope/name) to keep it restricted.',
  DIST_TAG_OIDC_REFUSED:
    'npm documents trusted publishing for publish only; this registry does not accept exchanged tokens for dist-tag changes. Name a token that may change dist-tags (--fallback-token-env <VAR>), or run `npm dist-tag add` by hand.',
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
  PACK_FAILED:
    'Check that every file the package includes is readable (permissions, broken symlinks), then retry.',
  PACK_TARBALL_INVALID:
    'Pass a .tgz made by `npm pack` (or pnpm/yarn pack): a gzipped tar with package/package.json.',
  PROVENANCE_CHECK_FAILED:
    'Re-run the job when the registry answers again; to publish without provenance on purpose, pass --no-provenance (or set provenance to false).',
  PROVENANCE_SIGNING_FAILED:
    'Check that Fulcio and Rekor are reachable (TRUSTPUB_FULCIO_URL, TRUSTPUB_REKOR_URL) and that the identity token has the "sigstore" audience; re-run the job, or publish without provenance.',
  PUBLISH_FORBIDDEN:
    'The token may not publish this package (npmjs answers 404 to tokens without rights). Under trusted publishing the token only covers the package it was exchanged for; with a fallback token, check its permissions.',
  PUBLISH_NO_CREDENTIALS:
    "Run this in a CI job configured as the package's trusted publisher, or name a token explicitly (--fallback-token-env <VAR>); trustpub never uses a token from .npmrc on its own.",
  PUBLISH_OUTCOME_UNKNOWN:
    'Run the same command again: it reads the registry first and publishes only what is missing (this exact version already there is reported as already published).',
  PUBLISH_PROVENANCE_REJECTED:
    'The registry names the mismatch: usually package.json "repository.url" must equal the repository the job runs in, the repository must be public, and the runner GitHub-hosted. Fix that, or publish without provenance.',
  PUBLISH_UNAUTHORIZED:
    'The exchanged token expired or was revoked before the upload (re-run the job), or the fallback token is invalid.',
  RELEASE_DEPENDENCY_CYCLE:
    'A release publishes dependencies before dependents, so a cycle has no valid order. Move the shared code into a package both depend on, or make one of the edges a devDependency.',
  RELEASE_NO_PACKAGES:
    'Pass package directories or names that exist, or run from the repository root with --workspaces.',
  TRUST_RATE_LIMITED:
    'Wait a few minutes and run the same command again (finished packages are kept), or slow down with --pace MS.',
  VERIFY_INTEGRITY_MISMATCH:
    'The registry holds different bytes than expected for this version: do not trust it; check who published it (npm view) and contact the registry.',
  VERIFY_VERSION_NOT_FOUND:
    'If it was just published, the registry may still be processing it: run `trustpub verify` again in a minute. Otherwise publish it.',
  ID_TOKEN_PERMISSION_MISSING:
    'Add `permissions: id-token: write` to the publishing job (or workflow) in your GitHub workflow file; without it GitHub does not hand out ID tokens.',
  EXCHANGE_BAD_REQUEST:
    'Check that NPM_ID_TOKEN holds only the raw ID token and that the package name is valid; if both are, report it with the registry message.',
} as const satisfies Partial<Record<TrustpubErrorCode, string>>;
