import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/** Fixes: dist-tags, verification, workflow lint, multi-package releases. */
export const RELEASE_FIXES = {
  DIST_TAG_OIDC_REFUSED:
    'npm documents trusted publishing for publish only; this registry does not accept exchanged tokens for dist-tag changes. Name a token that may change dist-tags (--fallback-token-env <VAR>), or run `npm dist-tag add` by hand.',
  RELEASE_DEPENDENCY_CYCLE:
    'A release publishes dependencies before dependents, so a cycle has no valid order. Move the shared code into a package both depend on, or make one of the edges a devDependency.',
  RELEASE_NO_PACKAGES:
    'Pass package directories or names that exist, or run from the repository root with --workspaces.',
  VERIFY_INTEGRITY_MISMATCH:
    'The registry holds different bytes than expected for this version: do not trust it; check who published it (npm view) and contact the registry.',
  VERIFY_VERSION_NOT_FOUND:
    'If it was just published, the registry may still be processing it: run `trustpub verify` again in a minute. Otherwise publish it.',
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
