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
// Trust management (trusted-publisher configurations on the registry)
export { createTrustClient, escapePackageName } from './trust-client.js';
export type { TrustClient, TrustAuthOptions } from './trust-client.js';
export { resolveTrustRequest, trustPermissions } from './trust-input.js';
export { inferRepository } from './trust-repository.js';
export type { InferredRepository } from './trust-repository.js';
export { sameTrustConfig, describeTrustConfig } from './trust-compare.js';
export { planTrust } from './trust-plan.js';
export type { TrustPlanAction, TrustPlanEntry, TrustPlanOptions } from './trust-plan.js';
export { applyTrustPlan } from './trust-sync.js';
export type { ApplyTrustOptions, TrustSyncResult, TrustSyncStatus } from './trust-sync.js';
export { readTrustConfigFile } from './trust-config-file.js';
export type { TrustPackageOverride, TrustSyncConfig } from './trust-config-file.js';
export { desiredTrust } from './trust-desired.js';
export type { TrustTarget } from './trust-desired.js';
export type { TrustConfig, TrustConfigBody, TrustFlags, TrustPermission, TrustProvider, TrustRequest } from './trust-types.js';
// Provenance (decide, build, sign, verify)
export { decideProvenance } from './provenance-decide.js';
export type { ProvenanceDecision, ProvenanceDecisionInput, ProvenanceOffReason, ProvenanceSource } from './provenance-decide.js';
export { buildProvenanceStatement, provenanceSubject, npmPurl, INTOTO_PAYLOAD_TYPE } from './provenance-statement.js';
export type { ProvenanceSubject } from './provenance-statement.js';
export { signProvenance, sigstoreIdentityToken, PUBLIC_GOOD_FULCIO_URL, PUBLIC_GOOD_REKOR_URL } from './provenance-sign.js';
export type { SignedProvenance, SignProvenanceOptions } from './provenance-sign.js';
export { verifyProvenanceBundle } from './provenance-verify.js';
export type { ProvenanceExpectations, VerifiedProvenance } from './provenance-verify.js';
export { signerIdentity } from './provenance-certificate.js';
export type { SignerIdentity } from './provenance-certificate.js';
