// pack/: the tarball exactly as `npm pack` builds it, with lifecycle scripts.
export { runLifecycle } from './lifecycle.js';
export type { LifecycleEvent } from './lifecycle.js';
export { packPackage, readTarball } from './pack.js';
export type { PackOptions } from './pack.js';
