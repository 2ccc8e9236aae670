import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/** Fixes: packing, provenance, the registry transport, the upload and staged versions. */
export const PUBLISH_FIXES = {
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
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
