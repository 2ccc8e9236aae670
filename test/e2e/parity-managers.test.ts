// Manager parity: for every package of the pnpm, yarn and bun fixture workspaces
// (test/fixtures/managers/ and parity/ws-*), the real manager's own `pack` (pnpm 10, 11 and 12, yarn 4, bun 1) and
// trustpub's packPackage run on two fresh copies; trustpub detects the manager from the workspace
// (the root `packageManager` field) and must produce the same file list, the same bytes per file, the
// same package.json (as JSON and, except pnpm 10, byte for byte), the same modes and mtimes, and leave the
// same traces of lifecycle scripts.
//
// Not compared, because the managers themselves disagree or the field carries no meaning:
// * the order of tar entries (pnpm writes its walk's order, yarn sorts, bun puts package.json first);
// * the gzip stream (each tool picks its own compression level);
// * uid/gid/uname/gname (pnpm 10/11 and yarn write 0 through tar-stream, pnpm 12 omits them; npm and
//   every manager extract without owners);
// * pnpm 10's package.json bytes and the key order inside dependency maps: pnpm 10 fills each map in
//   the order its asynchronous range lookups finish (see asJson); the JSON must otherwise be equal.
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { createContext, packPackage } from '@trustpub/core';
import {
  assertSamePack,
  copyManagerFixture,
  fixturePackages,
  MANAGER_CORPUS,
  REAL_MANAGERS,
  realPack,
} from './managers-support.js';

/** Files the fixtures' lifecycle scripts leave behind: which scripts ran. */
const SCRIPT_TRACES = ['prepared.txt', 'prepublished.txt', 'dist/generated.js'];

async function traces(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of SCRIPT_TRACES) {
    if (
      await access(path.join(dir, file)).then(
        () => true,
        () => false,
      )
    )
      found.push(file);
  }
  return found;
}

for (const real of REAL_MANAGERS) {
  const fixtures = MANAGER_CORPUS.filter((f) => f.manager === real.manager);
  for (const { fixture } of fixtures) {
    for (const pkg of await fixturePackages(fixture)) {
      test(`manager parity: ${real.label} packs ${fixture}/packages/${pkg} as trustpub does`, async () => {
        const theirRoot = await copyManagerFixture(real, fixture);
        const ourRoot = await copyManagerFixture(real, fixture);
        const theirDir = path.join(theirRoot, 'packages', pkg);
        const ourDir = path.join(ourRoot, 'packages', pkg);
        const theirs = await realPack(real, theirDir);
        const ctx = createContext({ env: process.env, cwd: ourDir });
        const ours = await packPackage(ourDir, { purpose: 'pack' }, ctx);
        await assertSamePack(real, theirs, ours.tarball);
        assert.deepEqual(
          await traces(ourDir),
          await traces(theirDir),
          `${real.label}: scripts run`,
        );
      });
    }
  }
}

test('manager parity: yarn never runs prepare when packing (the fixture prepare would build)', async () => {
  const yarn = REAL_MANAGERS.find((m) => m.manager === 'yarn')!;
  const root = await copyManagerFixture(yarn, 'managers/yarn');
  const dir = path.join(root, 'packages', 'app');
  await packPackage(dir, { purpose: 'publish' }, createContext({ env: process.env, cwd: dir }));
  // yarn npm publish runs prepublish, then prepack/postpack around the packing; never prepare.
  assert.deepEqual(await traces(dir), ['prepublished.txt']);
});
