import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PackManager } from './manager.js';
import type { TarEntrySource } from './tarball.js';
import { buildPackTree, findNpmWorkspaceRoot } from './tree.js';
import { packLibs } from './libs.js';
import { binTargets, yarnPackFiles } from './yarn-files.js';
import { isWorkspaceFolder, nestedFolders, rootPrefix } from './workspace-folders.js';

/** pnpm and bun stamp pacote's date on every entry; yarn its own "safe time" (1984-06-22 21:50 UTC). */
const PNPM_MTIME = new Date('1985-10-26T08:15:00.000Z');
const YARN_MTIME = new Date(456789000 * 1000);

/** Where the package sits: its folder, the workspace root (if any) and nested workspace folders. */
export interface PackSite {
  packDir: string;
  workspaceRoot?: string | undefined;
  /** Directories of all workspace packages (yarn leaves nested ones out). */
  workspaceDirs?: readonly string[] | undefined;
}

/**
 * The files pnpm, yarn or bun pack, as tar entries (name in the package, file read):
 * - pnpm: npm-packlist over the publish manifest (so `publishConfig.main`/`bin` count), pnpm 11 with the
 *   workspace root's ignore files as npm applies them; plus the workspace root's `LICENSE*` files when
 *   the package packs none of its own;
 * - yarn: its own walk ({@link yarnPackFiles});
 * - bun: npm's rules, as `bun pm pack` follows them, except that `main` and `browser` are not forced in.
 * `manifest` is the manifest on disk; `exported` the one the manager packs (publishConfig applied).
 */
export async function managerPackEntries(
  manager: PackManager,
  site: PackSite,
  manifest: Readonly<Record<string, unknown>>,
  exported: Readonly<Record<string, unknown>>,
): Promise<TarEntrySource[]> {
  const { packDir, workspaceRoot } = site;
  const inWorkspace = workspaceRoot !== undefined && path.resolve(workspaceRoot) !== packDir;
  let files: string[];
  if (manager.name === 'yarn') {
    const nested = nestedFolders(site.workspaceDirs ?? [], packDir);
    files = await yarnPackFiles(packDir, manifest, { projectRoot: !inWorkspace, nested });
  } else {
    const tree = await buildPackTree(packDir);
    if (manager.name === 'pnpm') tree.package = { ...tree.package, ...packlistFields(exported) };
    // bun packs `bin` files whatever `files` says, but not `main` or `browser` as npm does.
    if (manager.name === 'bun')
      tree.package = { ...tree.package, main: undefined, browser: undefined };
    const prefix =
      manager.name === 'bun'
        ? await bunPrefix(site)
        : inWorkspace && (manager.major ?? 10) >= 11
          ? path.resolve(workspaceRoot)
          : undefined;
    const { packlist } = await packLibs();
    files = await packlist(tree, {
      path: packDir,
      ...(prefix ? { prefix, workspaces: [packDir] } : {}),
    });
  }
  const entries = files.map((name) => ({ name, source: path.join(packDir, name) }));
  if (manager.name === 'pnpm' && inWorkspace && !files.some(licenceTest(manager)))
    entries.push(...(await rootLicences(workspaceRoot)));
  return entries;
}

/** The fields of the publish manifest npm-packlist reads to include files (normalized `bin`). */
function packlistFields(exported: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['main', 'browser', 'files']) if (key in exported) out[key] = exported[key];
  const bin = exported.bin;
  if (typeof bin === 'string' && typeof exported.name === 'string') {
    out.bin = { [exported.name.replace(/^@[^/]+\//, '')]: bin };
  } else if (bin !== undefined) out.bin = bin;
  return out;
}

/** pnpm 10 looks for a licence anywhere in a packed path; pnpm 11 only at a file name's start. */
function licenceTest(manager: PackManager): (file: string) => boolean {
  return (manager.major ?? 10) >= 11
    ? (file) => /^LICEN[CS]E(?:\..+)?$/i.test(path.basename(file))
    : (file) => /LICEN[CS]E(?:\..+)?/i.test(file);
}

/** The workspace root's `LICENSE`, `LICENCE` and `LICENSE.*` files (case as written), as pnpm globs them. */
async function rootLicences(root: string): Promise<TarEntrySource[]> {
  const out: TarEntrySource[] = [];
  for (const name of (await readdir(root)).sort()) {
    if (!/^LICEN[SC]E(?:\..*)?$/.test(name)) continue;
    const source = path.join(root, name);
    if ((await stat(source)).isFile()) out.push({ name, source });
  }
  return out;
}

/**
 * The mtime and the mode of every entry as the manager writes them:
 * - pnpm: 0755 for the publish manifest's `bin` files and `publishConfig.executableFiles` (pnpm 11 also
 *   for any file executable on disk), else 0644;
 * - yarn: 0755 for the `bin` files of the manifest on disk and `publishConfig.executableFiles`, else 0644;
 * - bun: the mode on disk, plus execute bits for the `bin` files.
 */
export function managerTarLayout(
  manager: PackManager,
  manifest: Readonly<Record<string, unknown>>,
  exported: Readonly<Record<string, unknown>>,
): { mtime: Date; mode: (name: string, diskMode: number) => number } {
  const publishConfig = (manifest.publishConfig ?? {}) as Record<string, unknown>;
  const executableFiles = Array.isArray(publishConfig.executableFiles)
    ? (publishConfig.executableFiles as unknown[]).filter((f): f is string => typeof f === 'string')
    : [];
  if (manager.name === 'bun') {
    const bins = normalized(binTargets(manifest.name, manifest.bin));
    return {
      mtime: PNPM_MTIME,
      mode: (name, disk) => (bins.has(name) ? disk | 0o111 : disk),
    };
  }
  if (manager.name === 'yarn') {
    const bins = normalized([...binTargets(manifest.name, manifest.bin), ...executableFiles]);
    return { mtime: YARN_MTIME, mode: (name) => (bins.has(name) ? 0o755 : 0o644) };
  }
  const bins = normalized([...binTargets(exported.name, exported.bin), ...executableFiles]);
  const keepExecutable = (manager.major ?? 10) >= 11;
  return {
    mtime: PNPM_MTIME,
    mode: (name, disk) =>
      bins.has(name) || (keepExecutable && (disk & 0o111) !== 0) ? 0o755 : 0o644,
  };
}

function normalized(files: string[]): Set<string> {
  return new Set(
    files.map((f) => path.posix.normalize(f.replace(/\\/g, '/')).replace(/^\.\//, '')),
  );
}

/**
 * The prefix bun packs a workspace package under (npm's rules, npm's upward search for the workspace root
 * that lists it): the known workspace's root when it lists the package in package.json "workspaces",
 * else the search itself. The search globs the whole workspace and reads every package.json, once per
 * package packed; the known workspace answers it from its list.
 */
async function bunPrefix(site: PackSite): Promise<string | undefined> {
  const { packDir, workspaceRoot, workspaceDirs } = site;
  if (workspaceRoot !== undefined && workspaceDirs && isWorkspaceFolder(workspaceDirs, packDir)) {
    const prefix = rootPrefix(workspaceRoot);
    if (prefix) return prefix;
  }
  return findNpmWorkspaceRoot(packDir);
}
