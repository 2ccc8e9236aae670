// The public API of @trustpub/core. Everything exported is listed here by name.
export { createContext, CORE_VERSION } from './context.js';
export type { CoreContext, ContextOverrides, Logger, SpawnFn, SpawnOptions, SpawnResult } from './context.js';
export { createSecrets } from './secrets.js';
export type { Secrets } from './secrets.js';
export { ERROR_CODES, TrustpubError, isTrustpubError, formatError } from './errors.js';
export type { TrustpubErrorCode, TrustpubErrorJson, TrustpubErrorOptions } from './errors.js';
export type {
  Access,
  CiInfo,
  CiProvider,
  Finding,
  IdTokenCache,
  IdTokenClaims,
  JsonResult,
  PackedFile,
  PackedPackage,
  ProvenanceInfo,
  PublishOptions,
  PublishPlanEntry,
  PublishResult,
  ReleaseEntry,
  ReleaseReport,
  SkipReason,
  WorkspaceIndex,
  WorkspacePackageRef,
} from './types.js';
