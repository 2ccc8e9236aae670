import { ORDER_FIELDS } from './chunks.js';
import { PACK_SCRIPTS } from './scans.js';
import type { PlannedPackage } from './plan.js';

/**
 * npm, pnpm, yarn and bun run these while packing for publish (pnpm and yarn also `prepublish`): they
 * may change things, so they wait for the preflight.
 */
export function hasPackScripts(p: PlannedPackage): boolean {
  const scripts = p.manifest.scripts;
  if (!scripts || typeof scripts !== 'object') return false;
  return PACK_SCRIPTS.some((s) => s in scripts);
}

/**
 * The packages of this release in earlier chunks that `p` depends on (any dependency field). Only earlier
 * chunks: a dev-only cycle the chunking broke must not make two packages wait for each other.
 */
export function dependenciesIn(
  p: PlannedPackage,
  chunk: number,
  chunkOf: ReadonlyMap<string, number>,
): string[] {
  const out = new Set<string>();
  for (const field of ORDER_FIELDS) {
    const deps = p.manifest[field];
    if (!deps || typeof deps !== 'object') continue;
    for (const name of Object.keys(deps)) if ((chunkOf.get(name) ?? chunk) < chunk) out.add(name);
  }
  return [...out];
}

/** The first package of `failed` that `p` depends on (any dependency field), if any. */
export function dependsOn(p: PlannedPackage, failed: ReadonlySet<string>): string | undefined {
  for (const field of ORDER_FIELDS) {
    const deps = p.manifest[field];
    if (!deps || typeof deps !== 'object') continue;
    for (const name of Object.keys(deps)) if (failed.has(name)) return name;
  }
  return undefined;
}
