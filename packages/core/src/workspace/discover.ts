import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { getPackages } from '@manypkg/get-packages';
import { BunTool } from '@manypkg/tools';
import type { CoreContext, WorkspaceIndex, WorkspacePackageRef } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import { parseManifest } from './manifest.js';

export type WorkspaceTool = 'npm' | 'pnpm' | 'yarn' | 'bun' | 'lerna' | 'rush';

/** One package of a workspace. */
export interface WorkspacePackage extends WorkspacePackageRef {
  manifest: Readonly<Record<string, unknown>>;
  private: boolean;
}

/** A discovered repository: its packages (root package excluded) and the index for range replacement. */
export interface Workspace {
  tool: WorkspaceTool;
  root: string;
  packages: WorkspacePackage[];
  index: WorkspaceIndex;
}

type Catalogs = Map<string, Map<string, string>>;

/**
 * Discovers the workspace whose root is `root`: pnpm (`pnpm-workspace.yaml`), yarn, npm and bun
 * (package.json `workspaces`, array or `{ packages }`), through @manypkg/get-packages, plus the catalogs
 * of pnpm-workspace.yaml (`catalog`, `catalogs`), `.yarnrc.yml` and package.json (`catalog(s)`
 * at the top level or under `workspaces`, as bun reads them).
 * @throws TrustpubError `CONFIG_MANIFEST_INVALID` when a workspace package.json or a workspace file cannot
 *   be read; `CONFIG_MANIFEST_NOT_FOUND` when `root` is not a workspace root.
 */
export async function discoverWorkspace(root: string, ctx: CoreContext): Promise<Workspace> {
  const rootDir = path.resolve(ctx.cwd, root);
  const rootManifest = await readJsonObject(path.join(rootDir, 'package.json'));
  const pnpmFile = await readYamlObject(path.join(rootDir, 'pnpm-workspace.yaml'));
  if (!pnpmFile && rootManifest?.workspaces === undefined) {
    throw new TrustpubError(
      'CONFIG_MANIFEST_NOT_FOUND',
      `${rootDir} is not a workspace root: it has neither pnpm-workspace.yaml nor package.json "workspaces".`,
      {
        hint: FIXES.CONFIG_MANIFEST_NOT_FOUND.workspaceRoot,
      },
    );
  }
  const tool = await detectTool(rootDir, Boolean(pnpmFile));
  const found = await listPackages(rootDir, tool);
  const packages: WorkspacePackage[] = [];
  for (const p of found) {
    const manifest = p.packageJson;
    if (typeof manifest.name !== 'string') continue;
    packages.push({
      name: manifest.name,
      version: typeof manifest.version === 'string' ? manifest.version : '',
      dir: p.dir,
      manifest,
      // npm refuses any truthy "private" ("true" too), so the release leaves such packages out as well.
      private: Boolean(manifest.private),
    });
  }
  // npm refuses a workspace whose packages share a name; publishing would pick one at random.
  for (const p of packages) {
    const same = packages.filter((q) => q.name === p.name);
    if (same.length > 1)
      throw new TrustpubError(
        'CONFIG_DUPLICATE_PACKAGE_NAME',
        `${p.name} is the name of more than one workspace package (${same.map((q) => path.relative(rootDir, q.dir) || '.').join(', ')}).`,
        {
          hint: FIXES.CONFIG_DUPLICATE_PACKAGE_NAME,
          packageName: p.name,
          details: { dirs: same.map((q) => q.dir) },
        },
      );
  }
  const catalogs: Catalogs = new Map();
  if (pnpmFile) addCatalogs(catalogs, pnpmFile);
  const yarnrc = await readYamlObject(path.join(rootDir, '.yarnrc.yml'));
  if (yarnrc) addCatalogs(catalogs, yarnrc);
  if (rootManifest) {
    addCatalogs(catalogs, rootManifest);
    const ws = rootManifest.workspaces;
    if (ws && typeof ws === 'object' && !Array.isArray(ws))
      addCatalogs(catalogs, ws as Record<string, unknown>);
  }
  ctx.logger.debug(
    `workspace ${rootDir} (${tool}): ${packages.length} packages, ${catalogs.size} catalogs`,
  );
  return {
    tool,
    root: rootDir,
    packages,
    index: {
      root: rootDir,
      packages: new Map(
        packages.map((p) => [p.name, { name: p.name, version: p.version, dir: p.dir }]),
      ),
      catalogs,
    },
  };
}

/**
 * The workspace `dir` belongs to, found by walking up to the nearest directory with
 * pnpm-workspace.yaml or a package.json with "workspaces" that lists `dir`; undefined when none.
 */
export async function findWorkspaceOf(
  dir: string,
  ctx: CoreContext,
): Promise<Workspace | undefined> {
  const wanted = path.resolve(ctx.cwd, dir);
  for (let current = wanted; ; current = path.dirname(current)) {
    const hasPnpm = await exists(path.join(current, 'pnpm-workspace.yaml'));
    const manifest = hasPnpm
      ? undefined
      : await readJsonObject(path.join(current, 'package.json')).catch(() => undefined);
    if (hasPnpm || manifest?.workspaces !== undefined) {
      const workspace = await discoverWorkspace(current, ctx);
      if (workspace.packages.some((p) => path.resolve(p.dir) === wanted)) return workspace;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

async function detectTool(rootDir: string, hasPnpmFile: boolean): Promise<WorkspaceTool> {
  if (hasPnpmFile) return 'pnpm';
  if (
    (await exists(path.join(rootDir, 'bun.lock'))) ||
    (await exists(path.join(rootDir, 'bun.lockb')))
  )
    return 'bun';
  if (
    (await exists(path.join(rootDir, 'yarn.lock'))) ||
    (await exists(path.join(rootDir, '.yarnrc.yml')))
  )
    return 'yarn';
  return 'npm';
}

type FoundPackage = { packageJson: Record<string, unknown>; dir: string };

async function listPackages(rootDir: string, tool: WorkspaceTool): Promise<FoundPackage[]> {
  try {
    const result = await getPackages(rootDir);
    // manypkg recognises npm/yarn/bun repositories by their lockfile; without one it sees only the root
    // package, so the package.json "workspaces" globs are expanded directly (BunTool reads both forms).
    if (result.tool.type !== 'root' && path.resolve(result.rootDir) === rootDir) {
      return result.packages as unknown as FoundPackage[];
    }
    if (tool === 'pnpm') return [];
    return (await BunTool.getPackages(rootDir)).packages as unknown as FoundPackage[];
  } catch (error) {
    if (error instanceof TrustpubError) throw error;
    throw new TrustpubError(
      'CONFIG_MANIFEST_INVALID',
      `Cannot list the workspace packages of ${rootDir}: ${(error as Error).message}`,
      {
        hint: FIXES.CONFIG_MANIFEST_INVALID.workspacePackages,
        cause: error,
      },
    );
  }
}

function addCatalogs(catalogs: Catalogs, source: Record<string, unknown>): void {
  const add = (name: string, entries: unknown) => {
    if (!entries || typeof entries !== 'object') return;
    const catalog = catalogs.get(name) ?? new Map<string, string>();
    for (const [dep, range] of Object.entries(entries))
      if (typeof range === 'string') catalog.set(dep, range);
    catalogs.set(name, catalog);
  };
  add('default', source.catalog);
  const named = source.catalogs;
  if (named && typeof named === 'object')
    for (const [name, entries] of Object.entries(named)) add(name, entries);
}

async function readJsonObject(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  // parseManifest checks name/version, which a workspace root need not have; parse loosely but with its messages.
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch {
    return parseManifest(text, file);
  }
}

async function readYamlObject(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  // Loaded only when there is YAML to read (pnpm and yarn berry): npm and bun workspaces skip its start-up cost.
  const { parse: parseYaml } = await import('yaml');
  try {
    const data: unknown = parseYaml(text);
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  } catch (error) {
    throw new TrustpubError(
      'CONFIG_MANIFEST_INVALID',
      `${file} is not valid YAML: ${(error as Error).message}`,
      {
        hint: FIXES.CONFIG_MANIFEST_INVALID.yaml({ file: path.basename(file) }),
      },
    );
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
