import { readFileSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';

/** A workspace package found by a glob: its folder and its package.json as parsed. */
export interface GlobbedPackage {
  dir: string;
  packageJson: Record<string, unknown>;
}

/**
 * The package globs of a package.json `workspaces` field: an array (npm, yarn, bun), or the `packages` of
 * an object (yarn classic's and bun's `{ packages, nohoist | catalog }` form); none otherwise.
 */
export function workspaceGlobs(workspaces: unknown): string[] {
  const globs = Array.isArray(workspaces)
    ? workspaces
    : workspaces && typeof workspaces === 'object'
      ? (workspaces as { packages?: unknown }).packages
      : undefined;
  return Array.isArray(globs) ? globs.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * The folders under `rootDir` that `globs` match and that hold a package.json, sorted by path, each with
 * its parsed package.json. The listing @manypkg/tools makes for package.json workspaces (the one pnpm's
 * listing still goes through): tinyglobby, folders only, `node_modules` never entered, a pattern taken as
 * written. It is done here because @manypkg/tools is one module that loads yaml (72 modules, about 28 ms)
 * whatever the workspace, and every release lists its workspace before its first registry read;
 * `package-globs.test.ts` compares the two listings.
 * @throws the read's error for a package.json that exists but cannot be read, a SyntaxError for one that
 *   is not JSON (the caller says which workspace could not be listed).
 */
export async function listGlobbedPackages(
  rootDir: string,
  globs: readonly string[],
): Promise<GlobbedPackage[]> {
  if (globs.length === 0) return [];
  const matched = await glob([...globs], {
    cwd: rootDir,
    onlyDirectories: true,
    ignore: ['**/node_modules'],
    expandDirectories: false,
  });
  const dirs = matched.map((relative) => path.resolve(rootDir, relative)).sort();
  return dirs.map(readPackageAt).filter((p): p is GlobbedPackage => p !== undefined);
}

/** Sync: a small file per package, where a promise-based read costs ten times the CPU. */
function readPackageAt(dir: string): GlobbedPackage | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, 'package.json'), 'utf8');
  } catch (error) {
    // A matched folder without a package.json is not a package (a docs or scripts folder).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { dir, packageJson: JSON.parse(text) as Record<string, unknown> };
}
