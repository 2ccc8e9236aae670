import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { packLibs } from './libs.js';
import { prepareManifest } from './prepare-manifest.js';

const SHA = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);

/** A package folder with these files (a name ending in `/` is a folder) and manifest fields. */
async function folder(
  files: Record<string, string>,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'prepare-'));
  const manifest = { name: 'prep', version: '1.0.0', ...fields };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    if (name.endsWith('/')) await mkdir(file, { recursive: true });
    else await writeFile(file, text);
  }
  return dir;
}

/** What the library itself gives: every step of its own `prepare()`. */
async function library(dir: string) {
  const { PackageJson } = await packLibs();
  return (await (await PackageJson.fix(dir)).prepare()).content;
}

const layouts: [string, Record<string, string>, Record<string, unknown>?][] = [
  ['no README', {}],
  ['README.md', { 'README.md': '# prep\n' }],
  ['README without extension', { README: 'plain\n' }],
  ['lower-case readme (not taken by npm)', { readme: 'lower\n' }],
  ['README.txt (not markdown)', { 'README.txt': 'text\n' }],
  ['empty README.md', { 'README.md': '' }],
  ['a README folder', { 'README/': '' }],
  ['two candidates (left to the library)', { 'README.md': 'md\n', 'readme.markdown': 'mk\n' }],
  ['a readme field already set', { 'README.md': 'file\n' }, { readme: 'given' }],
  ['a .gyp file (left to the library)', { 'binding.gyp': '{}' }],
  ['a .gyp file with an install script', { 'binding.gyp': '{}' }, { scripts: { install: 'x' } }],
  [
    'git: a loose ref',
    { '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${SHA}\n` },
  ],
  [
    'git: a packed ref',
    {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/packed-refs': `# pack\n${OTHER} refs/heads/x\n${SHA} refs/heads/main\n`,
    },
  ],
  ['git: detached', { '.git/HEAD': `${SHA}\n` }],
  ['git: a ref that is nowhere', { '.git/HEAD': 'ref: refs/heads/gone\n' }],
  ['git: .git is a file (worktree)', { '.git': `gitdir: /elsewhere\n` }],
  ['a gitHead field already set', { '.git/HEAD': `${SHA}\n` }, { gitHead: OTHER }],
  ['server.js (left to the library)', { 'server.js': '' }],
  ['server.js with a start script', { 'server.js': '' }, { scripts: { start: 'node x' } }],
  ['AUTHORS (left to the library)', { AUTHORS: '# people\nAda <a@x>\n\nBob\n' }],
  ['AUTHORS with contributors set', { AUTHORS: 'Ada\n' }, { contributors: ['Eve'] }],
  ['index.d.ts beside the default main', { 'index.js': '', 'index.d.ts': '' }],
  [
    'a .d.ts beside a main in a folder',
    { 'lib/main.cjs': '', 'lib/main.d.ts': '' },
    { main: 'lib/main.cjs' },
  ],
  ['a main in a folder with no .d.ts', { 'lib/main.js': '' }, { main: './lib/main.js' }],
  ['a types field already set', { 'index.d.ts': '' }, { types: 'other.d.ts' }],
  ['a typings field already set', { 'index.d.ts': '' }, { typings: 'other.d.ts' }],
  ['a .d.ts folder (it exists)', { 'index.d.ts/': '' }],
];

for (const [name, files, fields] of layouts) {
  test(`the prepared manifest is the library's own: ${name}`, async () => {
    const dir = await folder(files, fields);
    assert.deepEqual(await prepareManifest(dir, true), await library(dir));
  });
}

test('a main that is not a string is refused as the library refuses it', async () => {
  const dir = await folder({}, { main: ['a.js'] });
  const theirs = await library(dir).then(
    () => 'accepted',
    (error: Error) => error.message,
  );
  await assert.rejects(prepareManifest(dir, true), (error: Error) =>
    error.message.includes(theirs),
  );
});

test("a symlinked README is left to the library's step, with the same result", async () => {
  const dir = await folder({ 'docs/intro.md': '# linked\n' });
  await symlink(path.join(dir, 'docs/intro.md'), path.join(dir, 'README.md'));
  const prepared = await prepareManifest(dir, true);
  assert.deepEqual(prepared, await library(dir));
  assert.equal(prepared.readme, '# linked\n');
});

test('a git repository above the package gives its HEAD, as npm finds it', async () => {
  const root = await folder({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': SHA });
  const dir = path.join(root, 'packages', 'inner');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'in', version: '1.0.0' }));
  const prepared = await prepareManifest(dir, true);
  assert.equal(prepared.gitHead, SHA);
  assert.deepEqual(prepared, await library(dir));
});
