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
  // The same rules as `npmignore` at its root, and a folder of the same name without rules of its own.
  nosub: {
    'package.json': manifest('nosub'),
    '.npmignore': '*.log\nsecret/\n',
    'index.js': '',
    'sub/drop.js': '',
    'sub/stay.js': '',
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
  assert.ok((await list('nosub')).includes('sub/drop.js'));
});

test('in a workspace, the walk takes the ignore files above the package exactly when npm-packlist does', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'packlist-ws-'));
  const write = async (name: string, text: string) => {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  };
  await write(
    'package.json',
    JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
  );
  for (const dir of ['a', 'b']) {
    await write(`packages/${dir}/package.json`, manifest(dir));
    for (const file of ['index.js', 'notes.txt', 'build.log', 'draft.md'])
      await write(`packages/${dir}/${file}`, '');
  }
  const cached = cachingPacklist(packlist);
  const compare = async (label: string) => {
    const lists = [];
    for (const dir of ['a', 'b']) {
      const pkgDir = path.join(root, 'packages', dir);
      const options = { path: pkgDir, prefix: root, workspaces: [pkgDir] };
      const tree = await buildPackTree(pkgDir);
      const list = await cached(tree, options);
      assert.deepEqual(list, await packlist(tree, options), `${label}: ${dir}`);
      lists.push(list);
    }
    return lists[0]!;
  };
  // No ignore file above the packages: the walk skips the reads and lists the same files.
  assert.ok((await compare('none')).includes('notes.txt'));
  // The workspace root's .gitignore applies to its packages.
  await write('.gitignore', 'notes.txt\n');
  assert.ok(!(await compare('root .gitignore')).includes('notes.txt'));
  // packages/.npmignore applies too; the root's .npmignore takes the place of its .gitignore.
  await write('packages/.npmignore', '*.log\n');
  await write('.npmignore', 'draft.md\n');
  const both = await compare('both');
  assert.ok(
    both.includes('notes.txt') && !both.includes('build.log') && !both.includes('draft.md'),
  );
});
