// The real package managers the manager-parity suites run (pnpm 10, 11 and 12, yarn 4, bun 1), all
// installed as devDependencies and run offline against copies of test/fixtures/managers/<fixture>.
import { cp, mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './support/paths.js';
import { runNode, runProcess, type ProcessRun } from './support/processes.js';
import { tempDir } from './support/temp.js';
import { readTar } from './parity-support.js';
import assert from 'node:assert/strict';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const MODULES = path.join(REPO_ROOT, 'node_modules');
/** Registries that answer nothing: every client is pinned to loopback and none needs the network. */
const DEAD_REGISTRY = 'http://127.0.0.1:9/';

export type ManagerName = 'pnpm' | 'yarn' | 'bun';

/** One real package manager: which fixture it packs and how it is started. */
export interface RealManager {
  /** Test label, e.g. `pnpm 10`. */
  label: string;
  manager: ManagerName;
  /** The version the fixture's root `packageManager` field names (what trustpub's detection reads). */
  version: string;
  /** Starts the tool: a Node script (run with this Node) or a native binary. */
  command: { script: string } | { binary: string };
}

export const REAL_MANAGERS: RealManager[] = [
  {
    label: 'pnpm 10',
    manager: 'pnpm',
    version: '10.34.8',
    command: { script: path.join(MODULES, 'pnpm10', 'bin', 'pnpm.cjs') },
  },
  {
    label: 'pnpm 11',
    manager: 'pnpm',
    version: '11.29.0',
    command: { script: path.join(MODULES, 'pnpm11', 'bin', 'pnpm.mjs') },
  },
  {
    label: 'pnpm 12',
    manager: 'pnpm',
    version: '12.24.0',
    command: { binary: path.join(MODULES, '@pnpm', 'exe.linux-x64', 'pnpm') },
  },
  {
    label: 'yarn 4',
    manager: 'yarn',
    version: '4.18.1',
    command: { script: path.join(MODULES, '@yarnpkg', 'cli-dist', 'bin', 'yarn.js') },
  },
  {
    label: 'bun 1',
    manager: 'bun',
    version: '1.4.5',
    command: { binary: path.join(MODULES, '.bin', 'bun') },
  },
];

/** A workspace of the corpus packed by one manager: its folder under test/fixtures. */
export interface ManagerFixture {
  manager: ManagerName;
  /** Relative to test/fixtures. */
  fixture: string;
}

/**
 * The corpus: a workspace per manager made for this comparison (publishConfig overrides, licences,
 * changelogs, `files`, ignore files, modes, bundled dependencies, lifecycle scripts) and the parity
 * corpus's workspace of that manager (every `workspace:` and `catalog:` form).
 */
export const MANAGER_CORPUS: ManagerFixture[] = [
  { manager: 'pnpm', fixture: 'managers/pnpm' },
  { manager: 'pnpm', fixture: 'parity/ws-pnpm' },
  { manager: 'yarn', fixture: 'managers/yarn' },
  { manager: 'yarn', fixture: 'parity/ws-yarn' },
  { manager: 'bun', fixture: 'managers/bun' },
  { manager: 'bun', fixture: 'parity/ws-bun' },
];

/** The workspace packages of a fixture (directories under packages/). */
export async function fixturePackages(fixture: string): Promise<string[]> {
  return (await readdir(path.join(FIXTURES, fixture, 'packages'))).sort();
}

/**
 * A fresh copy of a fixture workspace, as it is after an install: `_node_modules` folders become
 * `node_modules` (bundled dependencies), the root `packageManager` names the tool's version (what a
 * repository using it says, and what trustpub's detection reads), and for pnpm each workspace
 * dependency is linked into the package's node_modules (pnpm 10 reads a workspace dependency's version
 * from there). Returns the workspace root.
 */
export async function copyManagerFixture(
  real: RealManager,
  fixture: string,
  /** Rewrites a package.json or lockfile (by its path in the fixture) before anything is linked. */
  edit?: (file: string, text: string) => string,
): Promise<string> {
  const parent = tempDir(`managers-${real.manager}-`);
  // An empty .git stops git lookups (gitHead) from reaching this repository.
  await mkdir(path.join(parent, '.git'));
  const root = path.join(parent, path.basename(fixture));
  await cp(path.join(FIXTURES, fixture), root, { recursive: true });
  const rootManifestFile = path.join(root, 'package.json');
  const rootManifest = JSON.parse(await readFile(rootManifestFile, 'utf8')) as Record<
    string,
    unknown
  >;
  rootManifest.packageManager = `${real.manager}@${real.version}`;
  await writeFile(rootManifestFile, `${JSON.stringify(rootManifest, null, 2)}\n`);
  const packages = await fixturePackages(fixture);
  if (edit) {
    const files = [...packages.map((p) => `packages/${p}/package.json`), 'yarn.lock'];
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
      if (text !== undefined) await writeFile(path.join(root, file), edit(file, text));
    }
  }
  const names = new Map<string, string>();
  for (const pkg of packages) {
    const dir = path.join(root, 'packages', pkg);
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
    };
    names.set(manifest.name, dir);
    await rename(path.join(dir, '_node_modules'), path.join(dir, 'node_modules')).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
  }
  if (real.manager === 'pnpm') {
    for (const pkg of packages) {
      const dir = path.join(root, 'packages', pkg);
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      for (const field of [
        'dependencies',
        'devDependencies',
        'optionalDependencies',
        'peerDependencies',
      ]) {
        for (const [dep, spec] of Object.entries(manifest[field] ?? {})) {
          if (!spec.startsWith('workspace:')) continue;
          // pnpm links the dependency under its key: the workspace package of that name, or the one an
          // alias (`workspace:<name>@*`) or a path (`workspace:../d`) names.
          const body = spec.slice('workspace:'.length);
          const alias = /^((?:@[^/@]+\/)?[^@]+)@/.exec(body)?.[1];
          const target = body.startsWith('.') ? path.resolve(dir, body) : names.get(alias ?? dep);
          if (!target) continue;
          const link = path.join(dir, 'node_modules', dep);
          await mkdir(path.dirname(link), { recursive: true });
          await symlink(path.relative(path.dirname(link), target), link).catch(
            (error: NodeJS.ErrnoException) => {
              if (error.code !== 'EEXIST') throw error;
            },
          );
        }
      }
    }
  }
  return root;
}

/** The environment every real manager runs with: registries pinned to a dead loopback port, no caches shared. */
function managerEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    npm_config_registry: DEAD_REGISTRY,
    NPM_CONFIG_REGISTRY: DEAD_REGISTRY,
    pnpm_config_registry: DEAD_REGISTRY,
    npm_config_update_notifier: 'false',
    pnpm_config_update_notifier: 'false',
    // pnpm 11+ would fetch the version the packageManager field names; the installed one is the one under test.
    pnpm_config_pm_on_fail: 'ignore',
    pnpm_config_manage_package_manager_versions: 'false',
    pnpm_config_fetch_retries: '0',
    COREPACK_ENABLE_STRICT: '0',
    YARN_NPM_REGISTRY_SERVER: DEAD_REGISTRY.replace(/\/$/, ''),
    YARN_UNSAFE_HTTP_WHITELIST: '127.0.0.1',
    YARN_ENABLE_GLOBAL_CACHE: 'false',
    YARN_ENABLE_TELEMETRY: 'false',
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    BUN_INSTALL_CACHE_DIR: path.join(home, 'bun-cache'),
    DO_NOT_TRACK: '1',
    CI: 'true',
  };
}

/** Runs the real manager with `args` in `cwd`. */
export async function runManager(
  real: RealManager,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<ProcessRun> {
  const home = tempDir('managers-home-');
  const all = { ...managerEnv(home), ...env };
  if ('script' in real.command) return runNode(real.command.script, args, { cwd, env: all });
  return runProcess(real.command.binary, args, { cwd, env: { ...process.env, ...all } });
}

/** The manager's own `pack` of the package in `dir`; returns the tarball's bytes. */
export async function realPack(real: RealManager, dir: string): Promise<Buffer> {
  const dest = tempDir('managers-pack-');
  const args =
    real.manager === 'yarn'
      ? ['pack', '--out', path.join(dest, 'package.tgz')]
      : real.manager === 'bun'
        ? ['pm', 'pack', '--destination', dest]
        : ['pack', '--pack-destination', dest];
  const run = await runManager(real, args, dir);
  if (run.code !== 0) {
    throw new Error(`${real.label} pack failed in ${dir}:\n${run.stdout}\n${run.stderr}`);
  }
  const [file] = (await readdir(dest)).filter((f) => f.endsWith('.tgz'));
  if (!file) throw new Error(`${real.label} pack wrote no tarball:\n${run.stdout}`);
  return readFile(path.join(dest, file));
}

/**
 * package.json as JSON text with key order, for an exact comparison of the manifests. The keys of the
 * dependency maps are sorted: pnpm 10 rebuilds each map in the order its lookups finish (a
 * `workspace:` range waits for a read of the dependency's package.json), so with several such ranges
 * in one map its order is not deterministic. trustpub writes pnpm 10's usual order (ranges without a
 * lookup first).
 */
function asJson(content: Buffer): string {
  const manifest = JSON.parse(content.toString('utf8')) as Record<string, unknown>;
  for (const field of [
    'dependencies',
    'devDependencies',
    'optionalDependencies',
    'peerDependencies',
  ]) {
    const deps = manifest[field];
    if (deps && typeof deps === 'object')
      manifest[field] = Object.fromEntries(
        Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
  }
  return JSON.stringify(manifest);
}

/**
 * Asserts that trustpub's tarball (`ours`) holds what the real manager's (`theirs`) holds: file list,
 * modes, mtimes, bytes, package.json as JSON (see the comparison notes in parity-managers.test.ts).
 */
export async function assertSamePack(real: RealManager, theirs: Buffer, ours: Uint8Array) {
  const their = await readTar(theirs);
  const mine = await readTar(ours);
  assert.deepEqual([...mine.keys()].sort(), [...their.keys()].sort(), `${real.label}: file list`);
  for (const [file, entry] of their) {
    const own = mine.get(file)!;
    assert.equal(own.mode.toString(8), entry.mode.toString(8), `${real.label}: mode of ${file}`);
    const { mtime: theirTime } = JSON.parse(entry.header) as { mtime: string };
    const { mtime: ownTime } = JSON.parse(own.header) as { mtime: string };
    assert.equal(ownTime, theirTime, `${real.label}: mtime of ${file}`);
    if (file === 'package.json') {
      assert.equal(asJson(own.content), asJson(entry.content), `${real.label}: package.json`);
      if (real.label === 'pnpm 10') continue;
    }
    assert.equal(
      own.content.toString('utf8'),
      entry.content.toString('utf8'),
      `${real.label}: ${file}`,
    );
    assert.ok(own.content.equals(entry.content), `${real.label}: bytes of ${file}`);
  }
}
