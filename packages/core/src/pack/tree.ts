import { readFileSync } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { PacklistTree } from 'npm-packlist';
import { listGlobbedPackages, workspaceGlobs } from '../workspace/index.js';
import { packLibs } from './libs.js';

type Edge = { peer: boolean; dev: boolean; to: PacklistTree | null };

/**
 * Builds the part of an arborist tree npm-packlist reads (what `new Arborist({ path }).loadActual()`
 * gives npm's DirFetcher): the root's normalized package.json, its workspaces, and the edges to the
 * bundled dependencies found on disk with their own dependencies, so the same files are bundled.
 * Like arborist's actual tree, dependencies are only looked up in `node_modules` folders at or below
 * the package (arborist stops its upward search at the project root), so bundled dependencies hoisted
 * to a workspace root are not bundled by npm either.
 */
export async function buildPackTree(dir: string): Promise<PacklistTree> {
  const root = path.resolve(dir);
  const pkg = await readNormalized(root);
  const tree: PacklistTree = {
    path: root,
    package: pkg ?? {},
    isProjectRoot: true,
    edgesOut: new Map(),
  };
  if (pkg?.workspaces !== undefined) {
    const packages = await listGlobbedPackages(root, workspaceGlobs(pkg.workspaces)).catch(
      () => [],
    );
    tree.workspaces = new Map(
      packages.map((p) => [String(p.packageJson.name), path.resolve(p.dir)]),
    );
  }
  const bundled = Array.isArray(pkg?.bundleDependencies)
    ? (pkg.bundleDependencies as string[])
    : [];
  if (bundled.length > 0) await addEdges(tree, [root], root, new Map(), true);
  return tree;
}

/**
 * Adds edges in arborist's order (peer, prod, optional, then dev for the root; a later type replaces an
 * earlier one for the same name) and resolves each through the `node_modules` chain `lookup`.
 */
async function addEdges(
  node: PacklistTree,
  lookup: string[],
  root: string,
  seen: Map<string, PacklistTree>,
  isRoot: boolean,
): Promise<void> {
  const pkg = node.package;
  const types: [string, Partial<Edge>][] = [
    ['peerDependencies', { peer: true }],
    ['dependencies', {}],
    ['optionalDependencies', {}],
  ];
  if (isRoot) types.push(['devDependencies', { dev: true }]);
  const kinds = new Map<string, Partial<Edge>>();
  for (const [field, kind] of types) {
    const deps = pkg[field];
    if (deps && typeof deps === 'object')
      for (const name of Object.keys(deps)) kinds.set(name, kind);
  }
  for (const [name, kind] of kinds) {
    const edge: Edge = { peer: kind.peer === true, dev: kind.dev === true, to: null };
    node.edgesOut.set(name, edge);
    // Only prod and optional edges are followed by npm-packlist; resolving the others is wasted work.
    if (edge.peer || edge.dev) continue;
    edge.to = await resolveNode(name, lookup, root, seen);
  }
}

async function resolveNode(
  name: string,
  lookup: string[],
  root: string,
  seen: Map<string, PacklistTree>,
): Promise<PacklistTree | null> {
  for (const base of lookup) {
    const location = path.join(base, 'node_modules', name);
    const stat = await lstat(location).catch(() => undefined);
    if (!stat) continue;
    const real = await realpath(location).catch(() => undefined);
    if (!real) return null;
    const cached = seen.get(location);
    if (cached) return cached;
    const pkg = await readNormalized(real);
    if (!pkg) return null;
    const target: PacklistTree = {
      path: real,
      package: pkg,
      isProjectRoot: false,
      edgesOut: new Map(),
    };
    const node: PacklistTree = stat.isSymbolicLink()
      ? {
          path: location,
          package: pkg,
          isProjectRoot: false,
          isLink: true,
          target,
          edgesOut: new Map(),
        }
      : target;
    if (!stat.isSymbolicLink()) target.target = target;
    seen.set(location, node);
    // A bundled package's own dependencies: its node_modules first, then the folders above it
    // (a link target inside the project also sees the project's node_modules, as its fsParent would).
    const own = stat.isSymbolicLink() ? real : location;
    const inside = !path.relative(root, own).startsWith('..');
    const nextLookup = inside ? [own, ...ancestorsWithin(own, root)] : [own];
    await addEdges(target, nextLookup, root, seen, false);
    return node;
  }
  return null;
}

/** Package folders between `from` (exclusive) and `root` (inclusive) that may hold a node_modules. */
function ancestorsWithin(from: string, root: string): string[] {
  const out: string[] = [];
  for (let current = path.dirname(from); ; current = path.dirname(current)) {
    if (path.basename(current) !== 'node_modules') out.push(current);
    if (current === root || path.dirname(current) === current) break;
  }
  return out;
}

/**
 * What `PackageJson.normalize(dir)` gives (arborist's reading of a package), with the file read
 * synchronously: the library reads it through fs.promises, ten times the CPU for a small file, once per
 * package listed.
 */
async function readNormalized(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    const { PackageJson } = await packLibs();
    const text = readFileSync(path.join(dir, 'package.json'), 'utf8');
    return (await new PackageJson().create(dir).fromJSON(text).normalize()).content;
  } catch {
    return undefined;
  }
}

/**
 * The npm workspace root that lists `dir` as a workspace (npm's local-prefix search): npm then packs
 * with `prefix` = that root and `workspaces` = [dir], which makes npm-packlist apply the `.npmignore`
 * or `.gitignore` files of the folders between the root and the package.
 */
export async function findNpmWorkspaceRoot(dir: string): Promise<string | undefined> {
  const wanted = path.resolve(dir);
  for (
    let current = path.dirname(wanted);
    path.dirname(current) !== current;
    current = path.dirname(current)
  ) {
    const entries = await readdir(current).catch(() => [] as string[]);
    if (!entries.includes('package.json')) continue;
    const pkg = await readNormalized(current);
    if (pkg?.workspaces === undefined) continue;
    const packages = await listGlobbedPackages(current, workspaceGlobs(pkg.workspaces)).catch(
      () => [],
    );
    if (packages.some((p) => path.resolve(p.dir) === wanted)) return current;
  }
  return undefined;
}
