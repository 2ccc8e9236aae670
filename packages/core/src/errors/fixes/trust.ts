import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/** Fixes: trusted-publisher management and install auth. */
export const TRUST_FIXES = {
  TRUST_RATE_LIMITED:
    'Wait a few minutes and run the same command again (finished packages are kept), or slow down with --pace MS.',
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
