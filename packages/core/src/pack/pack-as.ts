import path from 'node:path';
import type { CoreContext, WorkspaceIndex } from '../kernel/index.js';
import { configValue, loadNpmConfig, type NpmConfig } from '../registry/index.js';
import {
  findWorkspaceOf,
  needsWorkspace,
  readManifestFile,
  type Manifest,
  type ManifestFile,
} from '../workspace/index.js';
import type { LifecycleEvent } from './lifecycle.js';
import { detectPackManager, type PackManager } from './manager.js';
import { managerPackEntries, managerTarLayout } from './manager-files.js';
import { packedManifestText } from './manager-manifest.js';
import { createManagerTarball } from './tarball.js';
import { workspaceFolders } from './workspace-folders.js';

/** The lifecycle scripts a manager runs: before packing (publish / pack), after packing, after the upload. */
export interface LifecyclePlan {
  before: LifecycleEvent[];
  after: LifecycleEvent[];
  afterPublish: ('publish' | 'postpublish')[];
}

/**
 * Which scripts each manager runs, and when:
 * - npm: `prepublishOnly` (publish only), `prepack`, `prepare`, `postpack`; `publish`, `postpublish`;
 * - pnpm: `prepublishOnly` and `prepublish` (publish only), `prepack`, `prepare`, `postpack`; `publish`,
 *   `postpublish`;
 * - yarn 4: `prepublish` (`yarn npm publish` only), `prepack`, `postpack`; never `prepare`, nothing after;
 * - bun: `prepublishOnly` (publish only), `prepack`, `prepare`, `postpack`; `publish`, `postpublish`.
 */
export function lifecyclePlan(manager: PackManager, purpose: 'publish' | 'pack'): LifecyclePlan {
  const publishing = purpose === 'publish';
  switch (manager.name) {
    case 'yarn':
      return {
        before: publishing ? ['prepublish', 'prepack'] : ['prepack'],
        after: ['postpack'],
        afterPublish: [],
      };
    case 'pnpm':
      return {
        before: [
          ...(publishing ? (['prepublishOnly', 'prepublish'] as const) : []),
          'prepack',
          'prepare',
        ],
        after: ['postpack'],
        afterPublish: ['publish', 'postpublish'],
      };
    default:
      return {
        before: [...(publishing ? (['prepublishOnly'] as const) : []), 'prepack', 'prepare'],
        after: ['postpack'],
        afterPublish: ['publish', 'postpublish'],
      };
  }
}

/**
 * Whether lifecycle scripts are skipped: the option when given, else npm's `ignore-scripts` setting
 * (`npm_config_ignore_scripts`, the project or user `.npmrc`), as npm itself honours it.
 */
export async function scriptsIgnored(
  dir: string,
  option: boolean | undefined,
  ctx: CoreContext,
  config?: NpmConfig,
): Promise<boolean> {
  if (option !== undefined) return option;
  const value = configValue(config ?? (await loadNpmConfig(dir, ctx)), 'ignore-scripts');
  return value !== undefined && value !== '' && value !== 'false';
}

/** The workspace a package belongs to: its root, package folders and index, when there is one. */
export interface PackWorkspace {
  index?: WorkspaceIndex | undefined;
  root?: string | undefined;
  dirs?: readonly string[] | undefined;
}

/**
 * The workspace of the package in `dir`: the given index, else found by walking up. A workspace that
 * cannot be read only matters when the package needs one for its ranges; otherwise packing goes on
 * without it (the error is raised later by the range replacement when it does matter).
 */
export async function locateWorkspace(
  dir: string,
  given: WorkspaceIndex | undefined,
  manifest: Manifest,
  ctx: CoreContext,
): Promise<PackWorkspace> {
  if (given) return { index: given, root: given.root, dirs: workspaceFolders(given) };
  const strict = needsWorkspace(manifest);
  const found = await findWorkspaceOf(dir, ctx).catch((error: unknown) => {
    if (strict) throw error;
    ctx.logger.debug(`no readable workspace above ${dir}: ${(error as Error).message}`);
    return undefined;
  });
  if (!found) return {};
  return { index: found.index, root: found.root, dirs: found.packages.map((p) => p.dir) };
}

/** A package about to be packed (or listed): its folder and manifest, its workspace, its manager. */
export interface PackSite {
  sourceDir: string;
  source: ManifestFile;
  workspace: PackWorkspace;
  manager: PackManager;
}

/**
 * The first step of packing a package and of listing its files: read its manifest, find its workspace
 * ({@link locateWorkspace}) and the manager that packs it (the detected one, or `packAs`).
 */
export async function locatePack(
  dir: string,
  options: { workspace?: WorkspaceIndex | undefined; packAs?: string | undefined },
  ctx: CoreContext,
): Promise<PackSite> {
  const sourceDir = path.resolve(ctx.cwd, dir);
  const source = await readManifestFile(sourceDir);
  const workspace = await locateWorkspace(sourceDir, options.workspace, source.manifest, ctx);
  const manager = await detectPackManager(
    sourceDir,
    { packAs: options.packAs, workspaceRoot: workspace.root },
    ctx,
  );
  return { sourceDir, source, workspace, manager };
}

/**
 * Packs the package in `packDir` as pnpm, yarn or bun pack it: that manager's package.json
 * ({@link packedManifestText}), file set ({@link managerPackEntries}), modes and mtime
 * ({@link managerTarLayout}).
 */
export async function packAsManager(
  manager: PackManager,
  packDir: string,
  workspace: PackWorkspace,
  packed: { manifest: Manifest; text: string },
  replaced: Manifest,
): Promise<Buffer> {
  const text = packedManifestText(manager, packed.manifest, packed.text, replaced)!;
  const exported = JSON.parse(text) as Record<string, unknown>;
  const site = { packDir, workspaceRoot: workspace.root, workspaceDirs: workspace.dirs };
  const entries = await managerPackEntries(manager, site, packed.manifest, exported);
  return createManagerTarball(entries, text, managerTarLayout(manager, packed.manifest, exported));
}
