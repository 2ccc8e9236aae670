import assert from 'node:assert/strict';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createContext } from '../kernel/index.js';
import { TrustpubError } from '../errors/index.js';
import { discoverWorkspace, findWorkspaceOf } from './discover.js';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/parity',
);
const ctx = createContext({ env: {} });

async function copy(fixture: string): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ws-')), fixture);
  await cp(path.join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

const summary = (packages: { name: string; version: string; private: boolean }[]) =>
  packages.map((p) => `${p.name}@${p.version}${p.private ? ' private' : ''}`).sort();

const catalogs = (index: { catalogs: ReadonlyMap<string, ReadonlyMap<string, string>> }) =>
  Object.fromEntries(
    [...index.catalogs].map(([name, entries]) => [name, Object.fromEntries(entries)]),
  );

test('pnpm: pnpm-workspace.yaml packages, catalog and catalogs', async () => {
  const root = await copy('ws-pnpm');
  const ws = await discoverWorkspace(root, ctx);
  assert.equal(ws.tool, 'pnpm');
  assert.equal(ws.root, root);
  assert.deepEqual(summary(ws.packages), [
    '@ws/a@1.0.0',
    '@ws/b@2.0.0',
    '@ws/c@1.4.0',
    '@ws/d@0.3.0-rc.1',
  ]);
  assert.deepEqual(catalogs(ws.index), {
    default: { 'left-pad': '^1.3.0' },
    react18: { react: '^18.3.1' },
  });
  assert.equal(ws.index.packages.get('@ws/b')?.dir, path.join(root, 'packages', 'b'));
  assert.equal(ws.packages.find((p) => p.name === '@ws/a')?.manifest.main, 'index.js');
});

test('npm without a lockfile: package.json workspaces still found', async () => {
  const ws = await discoverWorkspace(await copy('ws-npm'), ctx);
  assert.equal(ws.tool, 'npm');
  assert.deepEqual(summary(ws.packages), ['@wsn/x@0.2.0', '@wsn/y@0.5.1']);
  assert.equal(ws.index.catalogs.size, 0);
});

test('npm with a lockfile, and private packages marked', async () => {
  const root = await copy('ws-npm');
  await writeFile(path.join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
  await writeFile(
    path.join(root, 'packages', 'y', 'package.json'),
    '{"name":"@wsn/y","version":"0.5.1","private":true}',
  );
  const ws = await discoverWorkspace(root, ctx);
  assert.equal(ws.tool, 'npm');
  assert.deepEqual(summary(ws.packages), ['@wsn/x@0.2.0', '@wsn/y@0.5.1 private']);
});

test('bun: catalogs under package.json workspaces', async () => {
  const root = await copy('ws-bun');
  await writeFile(path.join(root, 'bun.lock'), '{}');
  const ws = await discoverWorkspace(root, ctx);
  assert.equal(ws.tool, 'bun');
  assert.deepEqual(summary(ws.packages), ['@wsb/p@1.1.0', '@wsb/q@3.2.1']);
  assert.deepEqual(catalogs(ws.index), {
    default: { zod: '^3.23.8' },
    testing: { vitest: '^2.1.0' },
  });
});

test('yarn: .yarnrc.yml catalog', async () => {
  const ws = await discoverWorkspace(await copy('ws-yarn'), ctx);
  assert.equal(ws.tool, 'yarn');
  assert.deepEqual(summary(ws.packages), ['@wsy/m@5.0.0', '@wsy/n@5.0.2']);
  assert.deepEqual(catalogs(ws.index), { default: { lodash: '^4.17.21' } });
});

test('findWorkspaceOf walks up from a package; a lone package has none', async () => {
  const root = await copy('ws-pnpm');
  const ws = await findWorkspaceOf(path.join(root, 'packages', 'c'), ctx);
  assert.equal(ws?.root, root);
  assert.equal(await findWorkspaceOf(await copy('prerelease'), ctx), undefined);
});

test('a directory that is no workspace root, and a broken pnpm-workspace.yaml, are refused', async () => {
  const lone = await copy('prerelease');
  await assert.rejects(
    discoverWorkspace(lone, ctx),
    (e: unknown) => e instanceof TrustpubError && e.code === 'CONFIG_MANIFEST_NOT_FOUND',
  );
  const root = await copy('ws-pnpm');
  await writeFile(path.join(root, 'pnpm-workspace.yaml'), 'packages: [\n');
  await assert.rejects(
    discoverWorkspace(root, ctx),
    (e: unknown) =>
      e instanceof TrustpubError &&
      e.code === 'CONFIG_MANIFEST_INVALID' &&
      /pnpm-workspace\.yaml is not valid YAML/.test(e.message),
  );
});

test('a workspace package without a name is refused, with or without a lockfile', async () => {
  for (const lockfile of [false, true]) {
    const root = await copy('ws-npm');
    if (lockfile) await writeFile(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    const ws = await discoverWorkspace(root, ctx);
    const first = ws.packages[0];
    assert.ok(first, 'the fixture has packages');
    await writeFile(path.join(first.dir, 'package.json'), '{"version":"1.0.0"}');
    await assert.rejects(discoverWorkspace(root, ctx), (e: unknown) => {
      assert.ok(e instanceof TrustpubError && e.code === 'CONFIG_MANIFEST_INVALID', String(e));
      assert.match(e.message, /no "name" in .*package\.json/);
      return true;
    });
  }
});

test('pnpm-workspace.yaml without packages (settings only): the root package alone, as pnpm reads it', async () => {
  const root = await copy('ws-npm');
  assert.equal((await discoverWorkspace(root, ctx)).packages.length, 2);
  await writeFile(path.join(root, 'pnpm-workspace.yaml'), 'catalog:\n  left-pad: ^1.3.0\n');
  for (const lockfile of [false, true]) {
    if (lockfile) await writeFile(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    const ws = await discoverWorkspace(root, ctx);
    assert.equal(ws.tool, 'pnpm');
    assert.deepEqual(ws.packages, []);
    assert.deepEqual(catalogs(ws.index), { default: { 'left-pad': '^1.3.0' } });
  }
});
