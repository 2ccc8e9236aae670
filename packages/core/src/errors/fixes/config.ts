import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/** Fixes: configuration: manifests, npm config, options, workspaces. */
export const CONFIG_FIXES = {
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
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
