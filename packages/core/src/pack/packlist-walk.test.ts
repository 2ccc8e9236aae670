import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import packlist from 'npm-packlist';
import { cachingPacklist } from './packlist-walk.js';
import { buildPackTree } from './tree.js';

const manifest = (name: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...extra });

/** Packages with every kind of ignore rule; two share a file name (.npmignore) with different rules. */
const PACKAGES: Record<string, Record<string, string>> = {
  plain: { 'package.json': manifest('plain'), 'index.js': '', 'README.md': '', 'x.log': '' },
  files: {
    'package.json': manifest('files', { files: ['lib', '!lib/*.test.js'], bin: { f: 'bin/f.js' } }),
    'index.js': '',
    'other.js': '',
    'lib/a.js': '',
    'lib/a.test.js': '',
    'bin/f.js': '',
  },
  npmignore: {
    'package.json': manifest('npmignore'),
    '.npmignore': '*.log\nsecret/\n',
    'index.js': '',
    'a.log': '',
    'keep.js': '',
    'secret/key.txt': '',
    'sub/.npmignore': 'drop.js\n',
    'sub/drop.js': '',
    'sub/stay.js': '',
  },
  other: {
    'package.json': manifest('other'),
    '.npmignore': 'keep.js\n',
    'index.js': '',
    'a.log': '',
    'keep.js': '',
    'secret/key.txt': '',
  },
  gitignore: {
    'package.json': manifest('gitignore'),
    '.gitignore': 'dist\n',
    'index.js': '',
    'dist/out.js': '',
  },
};

test('the caching walk lists exactly what npm-packlist lists, package after package', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'packlist-walk-'));
  for (const [dir, files] of Object.entries(PACKAGES)) {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, dir, name)), { recursive: true });
      await writeFile(path.join(root, dir, name), text);
    }
  }
  const cached = cachingPacklist(packlist);
  // Twice through, in both orders: later listings take the rules compiled for earlier ones.
  const order = Object.keys(PACKAGES);
  for (const dir of [...order, ...[...order].reverse()]) {
    const pkgDir = path.join(root, dir);
    const tree = await buildPackTree(pkgDir);
    assert.deepEqual(
      await cached(tree, { path: pkgDir }),
      await packlist(tree, { path: pkgDir }),
      dir,
    );
  }
  // The fixture means something: the two .npmignore files leave different sets.
  const list = async (dir: string) =>
    cached(await buildPackTree(path.join(root, dir)), { path: path.join(root, dir) });
  assert.ok((await list('other')).includes('a.log'));
  assert.ok(!(await list('npmignore')).includes('a.log'));
  assert.ok(!(await list('npmignore')).includes('sub/drop.js'));
});
