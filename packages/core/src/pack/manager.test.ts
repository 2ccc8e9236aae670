import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createContext } from '../kernel/index.js';
import { isTrustpubError } from '../errors/index.js';
import { detectPackManager } from './manager.js';
import { packPackage } from './pack.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const ctxWith = (env: Record<string, string | undefined> = {}) =>
  createContext({
    env: { PATH: process.env.PATH, HOME: os.tmpdir(), npm_config_userconfig: '', ...env },
    logger: quiet,
  });

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'pack-manager-'));
  // Stops the upward search at this directory, whatever lies above the temp dir.
  await writeFile(path.join(root, 'package-lock.json'), '{}');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, 'w', name)), { recursive: true });
    await writeFile(path.join(root, 'w', name), text);
  }
  return path.join(root, 'w');
}

test('the manager is detected as the ecosystem detects it', async () => {
  const cases: [Record<string, string>, string, number | undefined][] = [
    [{ 'package.json': '{"packageManager":"pnpm@11.2.0+sha512.abc"}' }, 'pnpm', 11],
    [{ 'package.json': '{"packageManager":"yarn@4.5.0"}', 'package-lock.json': '{}' }, 'yarn', 4],
    [{ 'package.json': '{"packageManager":"yarn@1.22.22"}' }, 'npm', undefined],
    [{ 'package.json': '{}', 'pnpm-workspace.yaml': 'packages: []\n' }, 'pnpm', undefined],
    [{ 'package.json': '{}', 'pnpm-lock.yaml': '' }, 'pnpm', undefined],
    [{ 'package.json': '{}', 'bun.lock': '{}' }, 'bun', undefined],
    [{ 'package.json': '{}', 'bun.lockb': '' }, 'bun', undefined],
    [{ 'package.json': '{}', '.yarnrc.yml': '' }, 'yarn', undefined],
    [{ 'package.json': '{}', 'yarn.lock': '__metadata:\n  version: 8\n' }, 'yarn', undefined],
    // A yarn 1 lockfile: yarn classic, whose packing is not reproduced: npm's rules.
    [{ 'package.json': '{}', 'yarn.lock': '# yarn lockfile v1\n' }, 'npm', undefined],
    [{ 'package.json': '{}' }, 'npm', undefined],
  ];
  for (const [files, name, major] of cases) {
    const dir = await tree(files);
    const found = await detectPackManager(dir, {}, ctxWith());
    assert.equal(found.name, name, JSON.stringify(files));
    assert.equal(found.major, major, JSON.stringify(files));
  }
});

test('a workspace package is packed as its workspace root says; packAs overrides every signal', async () => {
  const dir = await tree({
    'package.json': '{"packageManager":"yarn@4.1.0","workspaces":["packages/*"]}',
    'packages/a/package.json': '{"packageManager":"pnpm@10.0.0"}',
  });
  const pkg = path.join(dir, 'packages', 'a');
  assert.equal((await detectPackManager(pkg, { workspaceRoot: dir }, ctxWith())).name, 'yarn');
  assert.equal((await detectPackManager(pkg, {}, ctxWith())).name, 'pnpm');
  const forced = await detectPackManager(pkg, { packAs: 'bun', workspaceRoot: dir }, ctxWith());
  assert.deepEqual(forced, { name: 'bun', source: 'packAs' });
  await assert.rejects(
    detectPackManager(pkg, { packAs: 'deno' }, ctxWith()),
    (e: unknown) => isTrustpubError(e) && e.code === 'CONFIG_INVALID_OPTION',
  );
});

const SCRIPTS = ['prepublishOnly', 'prepublish', 'prepack', 'prepare', 'postpack'];

async function scriptedPackage(manager: string): Promise<string> {
  const scripts = Object.fromEntries(
    SCRIPTS.map((s) => [s, `node -e "require('fs').writeFileSync('ran-${s}', '')"`]),
  );
  return tree({
    'package.json': JSON.stringify({
      name: 'scripted',
      version: '1.0.0',
      packageManager: manager,
      scripts,
    }),
    'index.js': '',
  });
}

const ran = async (dir: string) =>
  (await readdir(dir))
    .filter((f) => f.startsWith('ran-'))
    .map((f) => f.slice(4))
    .sort();

test("each manager's lifecycle scripts run when publishing, and none with ignore-scripts in any form", async () => {
  const expected: Record<string, string[]> = {
    'npm@11.0.0': ['postpack', 'prepack', 'prepare', 'prepublishOnly'],
    'pnpm@10.0.0': ['postpack', 'prepack', 'prepare', 'prepublish', 'prepublishOnly'],
    // yarn 4: prepublish on `yarn npm publish`, prepack/postpack around the pack, never prepare.
    'yarn@4.0.0': ['postpack', 'prepack', 'prepublish'],
    'bun@1.0.0': ['postpack', 'prepack', 'prepare', 'prepublishOnly'],
  };
  for (const [manager, events] of Object.entries(expected)) {
    const dir = await scriptedPackage(manager);
    const packed = await packPackage(dir, {}, ctxWith());
    assert.deepEqual(await ran(dir), events, manager);
    assert.deepEqual(
      packed.afterPublish,
      manager.startsWith('yarn') ? [] : ['publish', 'postpublish'],
    );
  }
  const ways: [string, (dir: string) => Promise<Record<string, string>>, boolean?][] = [
    ['the option', () => Promise.resolve({}), true],
    ['npm_config_ignore_scripts', () => Promise.resolve({ npm_config_ignore_scripts: 'true' })],
    [
      'the project .npmrc',
      async (dir) => {
        await writeFile(path.join(dir, '.npmrc'), 'ignore-scripts=true\n');
        return {};
      },
    ],
    [
      'the user .npmrc',
      async (dir) => {
        const userconfig = path.join(path.dirname(dir), 'user-npmrc');
        await writeFile(userconfig, 'ignore-scripts = true\n');
        return { npm_config_userconfig: userconfig };
      },
    ],
  ];
  for (const manager of Object.keys(expected)) {
    for (const [way, setup, option] of ways) {
      const dir = await scriptedPackage(manager);
      const env = await setup(dir);
      const packed = await packPackage(dir, option ? { ignoreScripts: true } : {}, ctxWith(env));
      assert.deepEqual(await ran(dir), [], `${manager} with ${way}`);
      assert.deepEqual(packed.afterPublish, [], `${manager} with ${way}: nothing after the upload`);
    }
  }
  // An explicit ignoreScripts: false wins over the npm setting.
  const dir = await scriptedPackage('npm@11.0.0');
  await packPackage(dir, { ignoreScripts: false }, ctxWith({ npm_config_ignore_scripts: 'true' }));
  await access(path.join(dir, 'ran-prepack'));
});
