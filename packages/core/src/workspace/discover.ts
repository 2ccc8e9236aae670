import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoreContext, WorkspaceIndex, WorkspacePackageRef } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import { parseManifest } from './manifest.js';
import { listGlobbedPackages, workspaceGlobs, type GlobbedPackage } from './package-globs.js';

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
 * (package.json `workspaces`, array or `{ packages }`), through @manypkg/tools, plus the catalogs
 * of pnpm-workspace.yaml (`catalog`, `catalogs`), `.yarnrc.yml` and package.json (`catalog(s)`
 * at the top level or under `workspaces`, as bun reads them).
 * @throws TrustpubError `CONFIG_MANIFEST_INVALID` when a workspace package.json or a workspace file cannot
 *   be read; `CONFIG_MANIFEST_NOT_FOUND` when `root` is not a workspace root.
 */
export async function discoverWorkspace(root: string, ctx: CoreContext): Promise<Workspace> {
  const rootDir = path.resolve(ctx.cwd, root);
  // The root's files are read at once (each read is a trip to the thread pool); their errors are still
  // reported in this order: package.json, pnpm-workspace.yaml, then (after the packages) .yarnrc.yml.
  const reads = await Promise.allSettled([
    readJsonObject(path.join(rootDir, 'package.json')),
    readYamlObject(path.join(rootDir, 'pnpm-workspace.yaml')),
    readYamlObject(path.join(rootDir, '.yarnrc.yml')),
  ]);
  const [rootManifest, pnpmFile] = [settled(reads[0]), settled(reads[1])];
  if (!pnpmFile && rootManifest?.workspaces === undefined) {
    throw new TrustpubError(
      'CONFIG_MANIFEST_NOT_FOUND',
      `${rootDir} is not a workspace root: it has neither pnpm-workspace.yaml nor package.json "workspaces".`,
      {
        hint: FIXES.CONFIG_MANIFEST_NOT_FOUND.workspaceRoot,
      },
    );
  }
  // .yarnrc.yml marks yarn even when it cannot be parsed (that error comes after the packages).
  const hasYarnrc = reads[2].status === 'rejected' || reads[2].value !== undefined;
  const tool = await detectTool(rootDir, Boolean(pnpmFile), hasYarnrc);
  const found = await listPackages(rootDir, pnpmFile, rootManifest);
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
  const yarnrc = settled(reads[2]);
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

async function detectTool(
  rootDir: string,
  hasPnpmFile: boolean,
  hasYarnrc: boolean,
): Promise<WorkspaceTool> {
  if (hasPnpmFile) return 'pnpm';
  const [bunLock, bunLockb, yarnLock] = await Promise.all(
    ['bun.lock', 'bun.lockb', 'yarn.lock'].map((f) => exists(path.join(rootDir, f))),
  );
  if (bunLock || bunLockb) return 'bun';
  if (yarnLock || hasYarnrc) return 'yarn';
  return 'npm';
}

/** A settled read's value, or its error thrown. */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/**
 * The workspace's packages at `rootDir` itself: from pnpm-workspace.yaml's `packages` (@manypkg's
 * PnpmTool, loaded only then: it brings yaml), or from package.json "workspaces" (an array, or
 * `{ packages }` as yarn and bun also read it) with the same listing (`package-globs.ts`). The caller knows
 * `rootDir` is the root, so no search for one is made: @manypkg's search recognises npm, yarn and bun roots
 * only by their lockfile, so without one it found no packages, and with one it listed the same. A
 * package.json without a "name" is an error either way.
 */
async function listPackages(
  rootDir: string,
  pnpmFile: Record<string, unknown> | undefined,
  rootManifest: Record<string, unknown> | undefined,
): Promise<GlobbedPackage[]> {
  // pnpm-workspace.yaml decides when it is there; without `packages` (settings only) pnpm's workspace is
  // the root package alone.
  if (pnpmFile && pnpmFile.packages === undefined) return [];
  let found: GlobbedPackage[];
  try {
    if (pnpmFile) {
      const { PnpmTool } = await import('@manypkg/tools');
      found = (await PnpmTool.getPackages(rootDir)).packages as unknown as GlobbedPackage[];
    } else {
      found = await listGlobbedPackages(rootDir, workspaceGlobs(rootManifest?.workspaces));
    }
  } catch (error) {
    throw cannotList(rootDir, (error as Error).message, error);
  }
  const nameless = found
    .filter((p) => typeof p.packageJson.name !== 'string' || p.packageJson.name === '')
    .map((p) => path.join(path.relative(rootDir, p.dir), 'package.json'))
    .sort();
  if (nameless.length) throw cannotList(rootDir, `no "name" in ${nameless.join(', ')}`);
  return found;
}

function cannotList(rootDir: string, why: string, cause?: unknown): TrustpubError {
  return new TrustpubError(
    'CONFIG_MANIFEST_INVALID',
    `Cannot list the workspace packages of ${rootDir}: ${why}`,
    {
      hint: FIXES.CONFIG_MANIFEST_INVALID.workspacePackages,
      ...(cause === undefined ? {} : { cause }),
    },
  );
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
