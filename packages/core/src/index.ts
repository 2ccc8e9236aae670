// The public API of @trustpub/core. Everything exported is listed here by name.
export { createContext, CORE_VERSION, definedFields } from './kernel/index.js';
export type {
  CoreContext,
  ContextOverrides,
  Logger,
  SpawnFn,
  SpawnOptions,
  SpawnResult,
} from './kernel/index.js';
export { createSecrets } from './kernel/index.js';
export type { Secrets } from './kernel/index.js';
export {
  ERROR_CODES,
  TrustpubError,
  isTrustpubError,
  formatError,
  neutraliseText,
  FIXES,
} from './errors/index.js';
export type {
  Fix,
  TrustpubErrorCode,
  TrustpubErrorJson,
  TrustpubErrorOptions,
} from './errors/index.js';
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
} from './kernel/index.js';
// Trust management (trusted-publisher configurations on the registry)
export { createTrustClient } from './trust/index.js';
export type { TrustClient, TrustAuthOptions } from './trust/index.js';
export { resolveTrustRequest, trustPermissions } from './trust/index.js';
export { inferRepository } from './workspace/index.js';
export type { InferredRepository } from './workspace/index.js';
export { sameTrustConfig, describeTrustConfig } from './trust/index.js';
export { planTrust } from './trust/index.js';
export { auditTrust, createPublishingAccessClient } from './trust/index.js';
export type {
  AccessTokenInfo,
  PublishingAccessClient,
  TokenPublishing,
  TrustAuditEntry,
} from './trust/index.js';
export { createStageClient, STAGE_ID } from './trust/index.js';
export type { StageClient, StagedVersionInfo } from './trust/index.js';
export type { TrustPlanAction, TrustPlanEntry, TrustPlanOptions } from './trust/index.js';
export { applyTrustPlan } from './trust/index.js';
export type { ApplyTrustOptions, TrustSyncResult, TrustSyncStatus } from './trust/index.js';
export { readTrustConfigFile } from './trust/index.js';
export type { TrustPackageOverride, TrustSyncConfig } from './trust/index.js';
export { desiredTrust } from './trust/index.js';
export type { TrustTarget } from './trust/index.js';
export type {
  TrustConfig,
  TrustConfigBody,
  TrustFlags,
  TrustPermission,
  TrustProvider,
  TrustRequest,
} from './trust/index.js';
// Provenance (decide, build, sign, verify)
export { decideProvenance } from './provenance/index.js';
export type {
  ProvenanceDecision,
  ProvenanceDecisionInput,
  ProvenanceOffReason,
  ProvenanceSource,
} from './provenance/index.js';
export {
  buildProvenanceStatement,
  provenanceSubject,
  npmPurl,
  INTOTO_PAYLOAD_TYPE,
} from './provenance/index.js';
export type { ProvenanceSubject } from './provenance/index.js';
export {
  signProvenance,
  sigstoreIdentityToken,
  PUBLIC_GOOD_FULCIO_URL,
  PUBLIC_GOOD_REKOR_URL,
} from './provenance/index.js';
export type { SignedProvenance, SignProvenanceOptions } from './provenance/index.js';
export { verifyProvenanceBundle } from './provenance/index.js';
export type { ProvenanceExpectations, VerifiedProvenance } from './provenance/index.js';
export { signerIdentity } from './provenance/index.js';
export type { SignerIdentity } from './provenance/index.js';
export { publishBootstrapPlaceholder, BOOTSTRAP_TAG, BOOTSTRAP_VERSION } from './trust/index.js';
export type { BootstrapInput } from './trust/index.js';
// CI identity and ID tokens
export { detectCi } from './oidc/index.js';
export { decodeClaims, relevantClaims, audiencesOf } from './oidc/index.js';
export { getIdToken, createIdTokenCache, audienceFor, checkIdToken } from './oidc/index.js';
// npm configuration and the registry client
export {
  loadNpmConfig,
  pickRegistry,
  authTokenFor,
  authKeyFor,
  configValue,
  normalizeRegistry,
  DEFAULT_REGISTRY,
  checkTokenTransport,
  isLoopbackHost,
  tokenTransportAllowed,
  timeoutFor,
  DEFAULT_TIMEOUT_SECONDS,
} from './registry/index.js';
export type { RequestKind } from './registry/index.js';
export type { NpmConfig, NpmConfigEntry } from './registry/index.js';
export {
  registryRequest,
  parseJson,
  registryMessageOf,
  DEFAULT_RETRY_POLICY,
} from './registry/index.js';
export type { RegistryRequestOptions, RegistryResponse, RetryPolicy } from './registry/index.js';
// Exchange and publish
export { exchangeToken } from './oidc/index.js';
export type { ExchangedToken, ExchangeInput } from './oidc/index.js';
export { checkPublishable, checkTag, resolveTag, resolveAccess } from './publish/index.js';
export type { ResolvedTag } from './publish/index.js';
export { buildPublishBody, servedTarballUrl, tarballUrl } from './publish/index.js';
export type { PublishBodyOptions, ProvenanceBundleJson } from './publish/index.js';
export { publishPackage, checkPublishedContent } from './publish/index.js';
export { outcomeOf } from './kernel/index.js';
export type { PublishedHere } from './publish/index.js';
export type { PublishOutcome } from './kernel/index.js';
export type { PublishPackageOptions, PublishStep } from './publish/index.js';
export {
  escapePackageName,
  fetchPackument,
  parsePackument,
  readPackument,
} from './registry/index.js';
export type {
  Packument,
  PackumentRead,
  PublishedVersion,
  ReadPackumentOptions,
} from './registry/index.js';
export { verifyPublished } from './publish/index.js';
export type { VerifiedVersion, VerifyPublishedInput } from './publish/index.js';
// Packing (manifest, publish manifest, pack, lifecycle, workspaces)
export { readManifest, readManifestFile, parseManifest } from './workspace/index.js';
export type { Manifest, ManifestFile } from './workspace/index.js';
export { toPublishManifest, needsWorkspace } from './workspace/index.js';
export { packPackage, readTarball } from './pack/index.js';
export { PACK_MANAGERS, detectPackManager, parsePackAs } from './pack/index.js';
export type { PackManager, PackManagerName } from './pack/index.js';
export type { PackOptions } from './pack/index.js';
export { listPackFiles, scanContent, scanFiles, scanTarball, SECRET_RULES } from './pack/index.js';
export type { SecretHit, SecretRule, SecretScanOptions } from './pack/index.js';
export { runLifecycle } from './pack/index.js';
export type { LifecycleEvent } from './pack/index.js';
export { discoverWorkspace, findWorkspaceOf } from './workspace/index.js';
export type { Workspace, WorkspacePackage, WorkspaceTool } from './workspace/index.js';
// Releases and diagnosis
export { planRelease } from './release/index.js';
export type { PlanReleaseOptions, PlannedPackage, PlanSkip, ReleasePlan } from './release/index.js';
export { runRelease, DEFAULT_RELEASE_CONCURRENCY } from './release/index.js';
export type { ReleaseEvent, RunReleaseOptions } from './release/index.js';
export { diagnose } from './diagnose/index.js';
export type { DiagnoseInput, DiagnosePackage } from './diagnose/index.js';
export { lintWorkflows } from './diagnose/index.js';
export type { ExpectedPublisher, WorkflowFinding, WorkflowLintOptions } from './diagnose/index.js';
export { setDistTag } from './publish/index.js';
export type { DistTagResult, SetDistTagInput } from './publish/index.js';
