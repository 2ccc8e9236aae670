import type { TrustpubErrorCode } from '../errors.js';
import { CLI_FIXES } from './cli.js';
import { CONFIG_FIXES } from './config.js';
import type { Fix } from './fix.js';
import { OIDC_FIXES } from './oidc.js';
import { PUBLISH_FIXES } from './publish.js';
import { RELEASE_FIXES } from './release.js';
import { TRUST_FIXES } from './trust.js';

export type { Fix, FixBuilder, FixFields, FixText } from './fix.js';

/**
 * The fix of every code, written once: throw sites (and doctor findings) take their hint from here
 * (`FIXES.X`, `FIXES.X({ ...fields })`, `FIXES.X.variant`), and the catalogue derives its "Fix" from the
 * same entry. One file per area; this merges them.
 */
export const FIXES = {
  ...OIDC_FIXES,
  ...CONFIG_FIXES,
  ...PUBLISH_FIXES,
  ...RELEASE_FIXES,
  ...TRUST_FIXES,
  ...CLI_FIXES,
} as const satisfies Record<TrustpubErrorCode, Fix>;
