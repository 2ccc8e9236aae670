import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceIndex } from '../kernel/index.js';

/** A workspace's package folders, resolved: as a set (is a folder one of them) and sorted (which lie inside one). */
interface FolderLookup {
  resolved: ReadonlySet<string>;
  sorted: readonly string[];
}

const foldersByIndex = new WeakMap<WorkspaceIndex, readonly string[]>();
const lookups = new WeakMap<readonly string[], FolderLookup>();

/**
 * The package folders of `workspace`, one array per index: an index is read-only once made and a release
 * passes the same one to every package it lists and packs, so the lookups below are made once per
 * release. Walking the whole workspace for each package made listing and packing quadratic in its size
 * (1,000 packages: a million path operations per pass).
 */
export function workspaceFolders(workspace: WorkspaceIndex): readonly string[] {
  let dirs = foldersByIndex.get(workspace);
  if (!dirs) {
    dirs = [...workspace.packages.values()].map((p) => p.dir);
    foldersByIndex.set(workspace, dirs);
  }
  return dirs;
}

function lookupOf(dirs: readonly string[]): FolderLookup {
  let found = lookups.get(dirs);
  if (!found) {
    const resolved = dirs.map((dir) => path.resolve(dir));
    found = { resolved: new Set(resolved), sorted: [...resolved].sort() };
    lookups.set(dirs, found);
  }
  return found;
}

/** Whether `dir` (resolved) is one of the package folders `dirs`. */
export function isWorkspaceFolder(dirs: readonly string[], dir: string): boolean {
  return lookupOf(dirs).resolved.has(dir);
}

/**
 * The package folders of `dirs` inside `packDir` (resolved), relative to it: other workspaces nested in a
 * package, which yarn leaves out of its tarball. A binary search in the sorted folders finds the range
 * that starts with `packDir/`.
 */
export function nestedFolders(dirs: readonly string[], packDir: string): string[] {
  const { sorted } = lookupOf(dirs);
  const prefix = packDir.endsWith(path.sep) ? packDir : packDir + path.sep;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) < prefix) low = mid + 1;
    else high = mid;
  }
  const nested: string[] = [];
  for (let i = low; i < sorted.length && (sorted[i] as string).startsWith(prefix); i++) {
    const rel = path.relative(packDir, sorted[i] as string);
    // The same test as for any folder: inside, and not the package itself.
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) nested.push(rel);
  }
  return nested;
}

/**
 * npm's prefix for a package of the workspace at `root` that lists it: the root, when its package.json
 * has "workspaces" (read each time, sync: a small file, and a script may have changed it), else none.
 */
export function rootPrefix(root: string): string | undefined {
  let manifest: Record<string, unknown> | undefined;
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    manifest = undefined;
  }
  return manifest?.workspaces !== undefined ? path.resolve(root) : undefined;
}
