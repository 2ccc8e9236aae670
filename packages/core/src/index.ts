// The public API of @trustpub/core. Everything exported is listed here by name.
export { createContext, CORE_VERSION } from './context.js';
export type {
  CoreContext,
  ContextOverrides,
  Logger,
  SpawnFn,
  SpawnOptions,
  SpawnResult,
} from './context.js';
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
export type {
  TrustConfig,
  TrustConfigBody,
  TrustFlags,
  TrustPermission,
  TrustProvider,
  TrustRequest,
} from './trust-types.js';
// Provenance (decide, build, sign, verify)
export { decideProvenance } from './provenance-decide.js';
export type {
  ProvenanceDecision,
  ProvenanceDecisionInput,
  ProvenanceOffReason,
  ProvenanceSource,
} from './provenance-decide.js';
export {
  buildProvenanceStatement,
  provenanceSubject,
  npmPurl,
  INTOTO_PAYLOAD_TYPE,
} from './provenance-statement.js';
export type { ProvenanceSubject } from './provenance-statement.js';
export {
  signProvenance,
  sigstoreIdentityToken,
  PUBLIC_GOOD_FULCIO_URL,
  PUBLIC_GOOD_REKOR_URL,
} from './provenance-sign.js';
export type { SignedProvenance, SignProvenanceOptions } from './provenance-sign.js';
export { verifyProvenanceBundle } from './provenance-verify.js';
export type { ProvenanceExpectations, VerifiedProvenance } from './provenance-verify.js';
export { signerIdentity } from './provenance-certificate.js';
export type { SignerIdentity } from './provenance-certificate.js';
export {
  publishBootstrapPlaceholder,
  BOOTSTRAP_TAG,
  BOOTSTRAP_VERSION,
} from './trust-bootstrap.js';
export type { BootstrapInput } from './trust-bootstrap.js';
// CI identity and ID tokens
export { detectCi } from './ci-detect.js';
export { decodeClaims, relevantClaims, audiencesOf } from './claims.js';
export { getIdToken, createIdTokenCache, audienceFor, checkIdToken } from './id-token.js';
// npm configuration and the registry client
export {
  loadNpmConfig,
  pickRegistry,
  authTokenFor,
  authKeyFor,
  configValue,
  normalizeRegistry,
  DEFAULT_REGISTRY,
} from './npm-config.js';
export type { NpmConfig, NpmConfigEntry } from './npm-config.js';
export { registryRequest, parseJson, registryMessageOf, DEFAULT_RETRY_POLICY } from './http.js';
export type { RegistryRequestOptions, RegistryResponse, RetryPolicy } from './http.js';
// Exchange and publish
export { exchangeToken } from './token-exchange.js';
export type { ExchangedToken, ExchangeInput } from './token-exchange.js';
export { checkPublishable, checkTag, resolveTag, resolveAccess } from './publish-checks.js';
export type { ResolvedTag } from './publish-checks.js';
export { buildPublishBody, servedTarballUrl, tarballUrl } from './publish-body.js';
export type { PublishBodyOptions, ProvenanceBundleJson } from './publish-body.js';
export { publishPackage } from './publish-package.js';
export type { PublishPackageOptions, PublishStep } from './publish-package.js';
export { fetchPackument, parsePackument, verifyPublished } from './verify-published.js';
export type {
  Packument,
  PublishedVersion,
  VerifiedVersion,
  VerifyPublishedInput,
} from './verify-published.js';
// Packing (manifest, publish manifest, pack, lifecycle, workspaces)
export { readManifest, readManifestFile, parseManifest } from './manifest.js';
export type { Manifest, ManifestFile } from './manifest.js';
export { toPublishManifest, needsWorkspace } from './publish-manifest.js';
export { packPackage, readTarball } from './pack.js';
export type { PackOptions } from './pack.js';
export { runLifecycle } from './lifecycle.js';
export type { LifecycleEvent } from './lifecycle.js';
export { discoverWorkspace, findWorkspaceOf } from './workspaces.js';
export type { Workspace, WorkspacePackage, WorkspaceTool } from './workspaces.js';
// Releases and diagnosis
export { planRelease } from './release-plan.js';
export type { PlanReleaseOptions, PlannedPackage, PlanSkip, ReleasePlan } from './release-plan.js';
export { runRelease, DEFAULT_RELEASE_CONCURRENCY } from './release-run.js';
export type { ReleaseEvent, RunReleaseOptions } from './release-run.js';
export { diagnose } from './diagnose.js';
export type { DiagnoseInput, DiagnosePackage } from './diagnose.js';
export { setDistTag } from './dist-tag.js';
export type { DistTagResult, SetDistTagInput } from './dist-tag.js';
export { ERROR_CATALOGUE, catalogueGaps, renderErrorCatalogue } from './error-catalogue.js';
export type { ErrorCatalogueEntry } from './error-catalogue.js';
