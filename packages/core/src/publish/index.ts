// publish/: one package to the registry (checks, body, upload, provenance, verification) and dist-tags.
export { buildPublishBody, servedTarballUrl, tarballUrl } from './body.js';
export type { ProvenanceBundleJson, PublishBodyOptions } from './body.js';
export { checkPublishable, checkTag, resolveAccess, resolveTag } from './checks.js';
export type { ResolvedTag } from './checks.js';
export { setDistTag } from './dist-tag.js';
export type { DistTagResult, SetDistTagInput } from './dist-tag.js';
export { checkPublishedContent } from './content-check.js';
export type { PublishedHere } from './content-check.js';
export { publishPackage } from './publish-package.js';
export { refuseSecrets, secretError } from './secret-check.js';
export { stageUpload } from './stage.js';
export { OIDC_PERMISSION_DENIED } from './upload.js';
export type { PublishPackageOptions, PublishStep } from './options.js';
export { verifyPublished } from './verify-published.js';
export type { VerifiedVersion, VerifyPublishedInput } from './verify-published.js';
