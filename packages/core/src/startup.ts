// @trustpub/core/startup: the part of the public API a command needs before its first registry request
// (the context, errors, CI detection, npm's settings, the workspace, the release), without the modules
// of packing, checking, publishing and provenance. A release loads those on first use, while its first
// requests travel; through the full face ('@trustpub/core') everything loads at once, before any request.
// Everything here is also exported, the same objects, by '@trustpub/core'.
export { createContext, CORE_VERSION, definedFields, outcomeOf } from './kernel/index.js';
export type {
  Access,
  CoreContext,
  Finding,
  JsonResult,
  PublishOutcome,
  ReleaseEntry,
  ReleaseReport,
} from './kernel/index.js';
export {
  TrustpubError,
  isTrustpubError,
  formatError,
  neutraliseText,
  FIXES,
} from './errors/index.js';
export { detectCi, createIdTokenCache, audienceFor } from './oidc/index.js';
export { loadNpmConfig, pickRegistry, normalizeRegistry } from './registry/index.js';
export { discoverWorkspace } from './workspace/index.js';
export { planRelease, runRelease } from './release/index.js';
export type { PlanReleaseOptions, ReleaseEvent, ReleasePlan } from './release/index.js';
