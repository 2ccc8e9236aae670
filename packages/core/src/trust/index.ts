// trust/: trusted-publisher configurations on the registry (npm trust, trust sync, bootstrap placeholder).
export { BOOTSTRAP_TAG, BOOTSTRAP_VERSION, publishBootstrapPlaceholder } from './bootstrap.js';
export type { BootstrapInput } from './bootstrap.js';
export { createTrustClient } from './client.js';
export type { TrustAuthOptions, TrustClient } from './client.js';
export { describeTrustConfig, sameTrustConfig } from './compare.js';
export { readTrustConfigFile } from './config-file.js';
export type { TrustPackageOverride, TrustSyncConfig } from './config-file.js';
export { desiredTrust } from './desired.js';
export type { TrustTarget } from './desired.js';
export { resolveTrustRequest, trustPermissions } from './input.js';
export { planTrust } from './plan.js';
export { auditTrust } from './audit.js';
export type { TrustAuditEntry } from './audit.js';
export { createPublishingAccessClient } from './publishing-access.js';
export type {
  AccessTokenInfo,
  PublishingAccessClient,
  TokenPublishing,
} from './publishing-access.js';
export { createStageClient, STAGE_ID } from './stage-client.js';
export type { StageClient, StagedVersionInfo } from './stage-client.js';
export type { TrustPlanAction, TrustPlanEntry, TrustPlanOptions } from './plan.js';
export { applyTrustPlan } from './sync.js';
export type { ApplyTrustOptions, TrustSyncResult, TrustSyncStatus } from './sync.js';
export type {
  TrustConfig,
  TrustConfigBody,
  TrustFlags,
  TrustPermission,
  TrustProvider,
  TrustRequest,
} from './types.js';
