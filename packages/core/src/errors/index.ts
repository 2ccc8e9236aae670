// errors/: the coded TrustpubError and the catalogue of every code (what happened, how to tell, the fix).
export { ERROR_CATALOGUE, catalogueGaps, renderErrorCatalogue } from './catalogue.js';
export type { ErrorCatalogueEntry } from './catalogue.js';
export { ERROR_CODES, TrustpubError, formatError, isTrustpubError } from './errors.js';
export type { TrustpubErrorCode, TrustpubErrorJson, TrustpubErrorOptions } from './errors.js';
export { neutraliseText } from './neutralise.js';
