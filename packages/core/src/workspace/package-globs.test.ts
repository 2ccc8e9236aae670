import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BunTool } from '@manypkg/tools';
import { listGlobbedPackages, workspaceGlobs } from './package-globs.js';

/** Writes `files` (path -> contents) under a fresh folder and returns it. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'globs-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

const manifest = (name: string): string => JSON.stringify({ name, version: '1.0.0' });

/** Both listings of the workspace at `root`, as comparable data. */
async function both(root: string, workspaces: unknown) {
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'root', workspaces }));
  const theirs = (await BunTool.getPackages(root)).packages.map((p) => ({
    dir: p.dir,
    packageJson: p.packageJson,
  }));
  const ours = await listGlobbedPackages(root, workspaceGlobs(workspaces));
  return { ours, theirs };
}

const LAYOUT = {
  'packages/a/package.json': manifest('a'),
  'packages/b/package.json': manifest('b'),
  'packages/b/node_modules/dep/package.json': manifest('dep'),
  'packages/nested/deep/package.json': manifest('deep'),
  'packages/docs/README.md': 'no package here',
  'packages/file.json': '{}',
  'packages/.hidden/package.json': manifest('hidden'),
  'apps/web/package.json': manifest('web'),
  'apps/api/package.json': manifest('api'),
  'tools/cli/package.json': manifest('cli'),
  'examples/demo/package.json': manifest('demo'),
  'node_modules/stray/package.json': manifest('stray'),
};

const SHAPES: Array<[string, unknown]> = [
  ['one star', ['packages/*']],
  ['globstar (node_modules never entered)', ['packages/**']],
  ['negation', ['packages/*', '!packages/b']],
  ['trailing slash and ./ prefix', ['apps/*/', './tools/*']],
  ['a literal folder and a missing one', ['examples/demo', 'missing/*']],
  ['braces', ['{apps,tools}/*']],
  ['everything', ['**']],
  ['object form (yarn classic, bun)', { packages: ['apps/*'], nohoist: ['**/x'] }],
  ['object form without packages', { nohoist: ['**/x'] }],
  ['empty list', []],
];

for (const [shape, workspaces] of SHAPES) {
  test(`package globs, ${shape}: the same packages as @manypkg/tools`, async () => {
    const root = await tree(LAYOUT);
    const { ours, theirs } = await both(root, workspaces);
    assert.deepEqual(ours, theirs);
  });
}

test('package globs: the shapes above do list packages (the comparison is not between two empty lists)', async () => {
  const root = await tree(LAYOUT);
  const names = async (workspaces: unknown) =>
    (await both(root, workspaces)).ours.map((p) => p.packageJson.name);
  assert.deepEqual(await names(['packages/*']), ['a', 'b']);
  assert.deepEqual(await names(['packages/**']), ['a', 'b', 'deep']);
  assert.deepEqual(await names(['packages/*', '!packages/b']), ['a']);
  assert.deepEqual(await names({ packages: ['apps/*'] }), ['api', 'web']);
  assert.deepEqual(await names(['{apps,tools}/*']), ['api', 'web', 'cli']);
});

test('package globs: a package.json that is not JSON fails both listings', async () => {
  const root = await tree({ ...LAYOUT, 'packages/a/package.json': '{ "name": ' });
  await writeFile(path.join(root, 'package.json'), '{"workspaces":["packages/*"]}');
  await assert.rejects(BunTool.getPackages(root), SyntaxError);
  await assert.rejects(listGlobbedPackages(root, ['packages/*']), SyntaxError);
});

test('workspaceGlobs: only strings, from an array or an object with packages', () => {
  assert.deepEqual(workspaceGlobs(['a/*', 3, 'b']), ['a/*', 'b']);
  assert.deepEqual(workspaceGlobs({ packages: ['x/*'] }), ['x/*']);
  assert.deepEqual(workspaceGlobs({ packages: 'x/*' }), []);
  assert.deepEqual(workspaceGlobs(undefined), []);
  assert.deepEqual(workspaceGlobs('packages/*'), []);
});
