// errors/: the coded TrustpubError and every code's fix (fixes/: FIXES, where each hint comes from). The
// catalogue of every code (catalogue/) is documentation data, exposed as `@trustpub/core/error-catalogue`
// and never loaded by the runtime; it derives each code's fix from FIXES.
export { ERROR_CODES, TrustpubError, formatError, isTrustpubError } from './errors.js';
export type { TrustpubErrorCode, TrustpubErrorJson, TrustpubErrorOptions } from './errors.js';
export { neutraliseText } from './neutralise.js';
export { FIXES } from './fixes/index.js';
export type { Fix, FixBuilder, FixFields, FixText } from './fixes/index.js';
