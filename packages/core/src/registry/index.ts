// registry/: the HTTP client for npm registries (one retry policy), npm configuration, package URLs, packument reads.
export { DEFAULT_RETRY_POLICY, parseJson, registryMessageOf, registryRequest } from './http.js';
export type { RegistryRequestOptions, RegistryResponse, RetryPolicy } from './http.js';
export {
  DEFAULT_REGISTRY,
  authKeyFor,
  authTokenFor,
  configValue,
  loadNpmConfig,
  normalizeRegistry,
  pickRegistry,
} from './npm-config.js';
export type { NpmConfig, NpmConfigEntry } from './npm-config.js';
export { NpmConfigReads } from './npm-config-reads.js';
export { escapePackageName, packumentUrl } from './package-url.js';
export { fetchPackument, parsePackument, readPackument } from './packument.js';
export type {
  Packument,
  PackumentRead,
  PublishedVersion,
  ReadPackumentOptions,
} from './packument.js';
export { checkTokenTransport, isLoopbackHost, tokenTransportAllowed } from './transport.js';
export { DEFAULT_TIMEOUT_SECONDS, retrySettings, timeoutFor } from './request-policy.js';
export type { RequestKind } from './request-policy.js';
