// The commands the benchmark runs (bench/run.mjs), and the floor's tarballs: every package packed once with
// trustpub's packer, so the floor uploads the same bytes as every tool.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, discoverWorkspace, packPackage } from '@trustpub/core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

// The bin npm links for users: the launcher that runs the CLI's bundle.
export const BIN = path.join(repoRoot, 'packages', 'cli', 'bin', 'trustpub.js');
const NPM = path.join(repoRoot, 'node_modules', 'npm', 'bin', 'npm-cli.js');
const CHANGESET = path.join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
const PNPM11 = path.join(repoRoot, 'node_modules', 'pnpm11', 'bin', 'pnpm.mjs');
const PNPM12 = path.join(repoRoot, 'node_modules', '@pnpm', 'exe.linux-x64', 'pnpm');
const FLOOR = path.join(here, 'floor.mjs');
export const NODE = process.execPath;

/** Each tool's command: [executable, arguments, working directory] for a fixture root and registry. */
export function toolCommands(concurrency) {
  return {
    trustpub: (root) => [
      NODE,
      [BIN, 'publish', '--workspaces', '--concurrency', String(concurrency)],
      root,
    ],
    // The same command from another build (BENCH_BEFORE_BIN: the CLI bin of another checkout), so a change
    // is measured against what came before it side by side in one run.
    'trustpub-before': (root) => [
      NODE,
      [
        process.env.BENCH_BEFORE_BIN ?? 'BENCH_BEFORE_BIN is not set',
        'publish',
        '--workspaces',
        '--concurrency',
        String(concurrency),
      ],
      root,
    ],
    // The same without the checks before the first upload.
    'trustpub-no-preflight': (root) => [
      NODE,
      [BIN, 'publish', '--workspaces', '--no-preflight', '--concurrency', String(concurrency)],
      root,
    ],
    npm: (root) => [NODE, [NPM, 'publish', '--workspaces'], root],
    // pnpm publishes the workspace in dependency order, one package at a time, each after its own exchange.
    pnpm: (root) => [NODE, [PNPM11, 'publish', '-r', '--no-git-checks'], pnpmCopy(root)],
    pnpm12: (root) => [PNPM12, ['publish', '-r', '--no-git-checks'], pnpmCopy(root)],
    changesets: (root) => [NODE, [CHANGESET, 'publish', '--no-git-tag'], root],
    floor: (root, registry) => [
      NODE,
      [FLOOR, path.join(root, '..', 'packed.json'), registry, String(concurrency)],
      root,
    ],
  };
}

/** The fixture's pnpm-workspace copy (bench/fixture.mjs), next to it. */
export function pnpmCopy(root) {
  return path.join(root, '..', 'repo-pnpm');
}

/** Packs every package once with trustpub's packer, for the floor (the same bytes every tool uploads). */
export async function packForFloor(root, emptyNpmrc) {
  const ctx = createContext({
    env: { ...process.env, npm_config_userconfig: emptyNpmrc },
    cwd: root,
  });
  const ws = await discoverWorkspace(root, ctx);
  const dir = path.join(root, '..', 'tarballs');
  fs.mkdirSync(dir, { recursive: true });
  const out = [];
  for (const p of ws.packages) {
    const packed = await packPackage(
      p.dir,
      { ignoreScripts: true, workspace: ws.index, purpose: 'publish' },
      ctx,
    );
    const tarballPath = path.join(dir, `${p.name.replace('/', '-')}.tgz`);
    fs.writeFileSync(tarballPath, packed.tarball);
    out.push({
      name: packed.manifest.name,
      version: packed.manifest.version,
      manifest: packed.manifest,
      integrity: packed.integrity,
      shasum: packed.shasum,
      tarballPath,
    });
  }
  fs.writeFileSync(path.join(root, '..', 'packed.json'), JSON.stringify(out));
}
