import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/** Fixes: codes only the faces throw (command lines, confirmations) and the faces' own texts. */
export const CLI_FIXES = {} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
