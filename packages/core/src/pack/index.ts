// pack/: the tarball exactly as `npm pack` builds it, with lifecycle scripts.
export { runLifecycle } from './lifecycle.js';
export type { LifecycleEvent } from './lifecycle.js';
export { listPackFiles } from './list-files.js';
export { packPackage, readTarball } from './pack.js';
export { preloadPackLibs } from './libs.js';
export { PACK_MANAGERS, detectPackManager, parsePackAs } from './manager.js';
export type { PackManager, PackManagerName } from './manager.js';
export { allowedFiles } from './secret-allow.js';
export { describeHit, scanContent, scanFiles, scanTarball } from './secret-scan.js';
export type { SecretHit, SecretScanOptions } from './secret-scan.js';
export { SECRET_RULES } from './secret-rules.js';
export type { SecretRule } from './secret-rules.js';
export type { PackOptions } from './pack.js';
