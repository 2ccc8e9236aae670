import type { Manifest } from './manifest.js';
import type { WorkspaceIndex } from '../kernel/index.js';
import { replaceCatalogRange, replaceWorkspaceRange } from './ranges.js';

/** The fields whose `workspace:` and `catalog:` ranges are replaced (pnpm's list). */
export const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
] as const;

export interface PublishManifestOptions {
  workspace?: WorkspaceIndex | undefined;
  /** The package's directory; `workspace:../path` ranges are relative to it. */
  dir?: string | undefined;
}

/**
 * The manifest as it is published: a copy with every `workspace:` and `catalog:` range replaced by the
 * range pnpm writes on publish. `publishConfig` is applied as npm applies it: npm reads its keys as
 * configuration for the publish (registry, tag, access, provenance, ...) and copies none of them over
 * manifest fields (pnpm's `publishConfig.main`/`exports`/... overrides do not exist in npm), so the
 * manifest keeps `publishConfig` and every field unchanged. The registry/tag/access part is read by
 * `pickRegistry` and the orchestrator from `manifest.publishConfig`.
 * @throws TrustpubError from {@link replaceWorkspaceRange} and {@link replaceCatalogRange}.
 */
export function toPublishManifest<M extends Manifest>(
  manifest: M,
  options: PublishManifestOptions = {},
): M {
  let out: M = manifest;
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (deps === null || typeof deps !== 'object' || Array.isArray(deps)) continue;
    let replaced: Record<string, unknown> | undefined;
    for (const [dependency, spec] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof spec !== 'string') continue;
      const site = { packageName: manifest.name, field, dependency };
      let next: string | undefined;
      if (spec.startsWith('workspace:'))
        next = replaceWorkspaceRange(spec, site, options.workspace, options.dir);
      else if (spec.startsWith('catalog:'))
        next = replaceCatalogRange(spec, site, options.workspace);
      if (next === undefined) continue;
      replaced ??= { ...(deps as Record<string, unknown>) };
      replaced[dependency] = next;
    }
    if (replaced) out = { ...out, [field]: replaced };
  }
  return out;
}

/** Whether any dependency range needs a workspace to be published (`workspace:` or `catalog:`). */
export function needsWorkspace(manifest: Readonly<Record<string, unknown>>): boolean {
  return DEPENDENCY_FIELDS.some((field) => {
    const deps = manifest[field];
    if (deps === null || typeof deps !== 'object') return false;
    return Object.values(deps).some(
      (spec) =>
        typeof spec === 'string' && (spec.startsWith('workspace:') || spec.startsWith('catalog:')),
    );
  });
}
