// workspace/: package.json reading, workspace discovery (npm, pnpm, yarn, bun), the publish manifest, repository inference.
export { discoverWorkspace, findWorkspaceOf } from './discover.js';
export type { Workspace, WorkspacePackage, WorkspaceTool } from './discover.js';
export { parseManifest, readManifest, readManifestFile } from './manifest.js';
export type { Manifest, ManifestFile } from './manifest.js';
export { DEPENDENCY_FIELDS, needsWorkspace, toPublishManifest } from './publish-manifest.js';
export { listGlobbedPackages, workspaceGlobs } from './package-globs.js';
export type { GlobbedPackage } from './package-globs.js';
export { inferRepository } from './repository.js';
export type { InferredRepository } from './repository.js';
