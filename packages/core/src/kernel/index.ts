// kernel/: the context every outside effect goes through, the secret registry, shared types, mapLimit.
export { CORE_VERSION, createContext } from './context.js';
export type {
  ContextOverrides,
  CoreContext,
  Logger,
  SpawnFn,
  SpawnOptions,
  SpawnResult,
} from './context.js';
export { definedFields } from './defined.js';
export type { DefinedFields } from './defined.js';
export { loadOnce } from './load-once.js';
export { mapLimit } from './map-limit.js';
export { outcomeOf } from './outcome.js';
export type { PublishOutcome } from './outcome.js';
export { sendRequest } from './undici.js';
export type { SendOptions, SentResponse } from './undici.js';
export { createSecrets } from './secrets.js';
export type { Secrets } from './secrets.js';
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
