// errors/: the coded TrustpubError. The catalogue of every code (catalogue/) is documentation data,
// exposed as `@trustpub/core/error-catalogue` and never loaded by the runtime.
export { ERROR_CODES, TrustpubError, formatError, isTrustpubError } from './errors.js';
export type { TrustpubErrorCode, TrustpubErrorJson, TrustpubErrorOptions } from './errors.js';
export { neutraliseText } from './neutralise.js';
export { FIXES } from './fixes/index.js';
export type { Fix, FixBuilder, FixFields, FixText } from './fixes/index.js';
