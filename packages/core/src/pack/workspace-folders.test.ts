import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { WorkspaceIndex } from '../kernel/index.js';
import { npmWorkspacePrefix } from './pack-dirs.js';
import {
  isWorkspaceFolder,
  nestedFolders,
  rootPrefix,
  workspaceFolders,
} from './workspace-folders.js';

async function workspace(dirs: string[]): Promise<WorkspaceIndex> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ws-folders-'));
  await writeFile(path.join(root, 'package.json'), '{"workspaces":["packages/**"]}');
  const packages = new Map<string, { name: string; version: string; dir: string }>();
  for (const [i, rel] of dirs.entries()) {
    const name = `p${i}`;
    const dir = path.join(root, rel);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
    // One folder as a relative path: lookups compare resolved paths whatever the index holds.
    packages.set(name, { name, version: '1.0.0', dir: i === 0 ? path.relative('.', dir) : dir });
  }
  return { root, packages, catalogs: new Map() };
}

/** What the lookup replaced: every folder taken relative to the package, inside ones kept. */
const nestedByScan = (dirs: readonly string[], packDir: string) =>
  dirs
    .map((d) => path.relative(packDir, path.resolve(d)))
    .filter((rel) => rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel))
    .sort();

const LAYOUT = [
  'packages/a',
  'packages/a/nested/x',
  'packages/a/nested/y',
  'packages/a-b',
  'packages/ab',
  'packages/b',
  'packages/b/inner',
  'packages/..dots',
  'tools/c',
];

test('workspaceFolders: one array per index, the folders as the index gives them', async () => {
  const index = await workspace(LAYOUT);
  const dirs = workspaceFolders(index);
  assert.equal(workspaceFolders(index), dirs);
  assert.deepEqual(
    dirs,
    [...index.packages.values()].map((p) => p.dir),
  );
  assert.notEqual(workspaceFolders(await workspace(['packages/a'])), dirs);
});

test('nestedFolders: the folders inside a package, as the scan of every folder finds them', async () => {
  const index = await workspace(LAYOUT);
  const dirs = workspaceFolders(index);
  for (const rel of [...LAYOUT, 'packages', '.', 'elsewhere']) {
    const packDir = path.resolve(index.root, rel);
    assert.deepEqual(nestedFolders(dirs, packDir).sort(), nestedByScan(dirs, packDir), rel);
  }
  // Not vacuous: a package with nested workspaces, and its prefix siblings (a-b, ab) left out.
  assert.deepEqual(nestedFolders(dirs, path.resolve(index.root, 'packages/a')).sort(), [
    path.join('nested', 'x'),
    path.join('nested', 'y'),
  ]);
});

test('isWorkspaceFolder, rootPrefix and npmWorkspacePrefix', async () => {
  const index = await workspace(LAYOUT);
  const dirs = workspaceFolders(index);
  const first = path.resolve(index.root, LAYOUT[0] as string);
  assert.ok(isWorkspaceFolder(dirs, first), 'a folder held as a relative path');
  assert.ok(!isWorkspaceFolder(dirs, path.resolve(index.root, 'packages')));
  assert.equal(rootPrefix(index.root), path.resolve(index.root));
  assert.equal(rootPrefix(path.join(index.root, 'packages', 'b')), undefined);
  assert.equal(await npmWorkspacePrefix(first, index), path.resolve(index.root));
  // Not in the index: npm's own upward search finds the same root through the globs.
  const unlisted = { ...index, packages: new Map() };
  assert.equal(await npmWorkspacePrefix(first, unlisted), path.resolve(index.root));
  const outside = await mkdtemp(path.join(os.tmpdir(), 'ws-folders-alone-'));
  assert.equal(await npmWorkspacePrefix(outside, index), undefined);
});
