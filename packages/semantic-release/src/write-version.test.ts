import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createContext } from '@trustpub/core';
import { validateOptions } from './options.js';
import { writeVersion } from './write-version.js';

const write = async (dir: string, file: string, text: string) => {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
};
const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8');

test('single package: package.json and package-lock.json get the version, formatting kept', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tp-wv-'));
  await write(dir, 'package.json', '{\n\t"name": "x",\n\t"version": "0.0.0-development"\n}\n');
  await write(
    dir,
    'package-lock.json',
    JSON.stringify(
      {
        name: 'x',
        version: '0.0.0-development',
        lockfileVersion: 3,
        packages: { '': { name: 'x', version: '0.0.0-development' } },
      },
      null,
      2,
    ),
  );
  const changed = await writeVersion(
    validateOptions({}).options,
    '1.2.3',
    createContext({ cwd: dir }),
  );
  assert.deepEqual(changed.sort(), ['package-lock.json', 'package.json']);
  assert.equal(await read(dir, 'package.json'), '{\n\t"name": "x",\n\t"version": "1.2.3"\n}\n');
  const lock = JSON.parse(await read(dir, 'package-lock.json')) as {
    version: string;
    packages: Record<string, { version: string }>;
  };
  assert.equal(lock.version, '1.2.3');
  assert.equal(lock.packages['']?.version, '1.2.3');
  assert.ok(
    !(await read(dir, 'package-lock.json')).endsWith('\n'),
    'no final newline added where there was none',
  );
});

test('npm workspaces: publishable packages and the ranges pointing at them move, in manifests and the lock', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tp-wv-'));
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  await write(
    dir,
    'package.json',
    json({
      name: 'root',
      private: true,
      workspaces: ['packages/*'],
      devDependencies: { a: '^1.0.0' },
    }),
  );
  await write(dir, 'packages/a/package.json', json({ name: 'a', version: '1.0.0' }));
  await write(
    dir,
    'packages/b/package.json',
    json({ name: 'b', version: '1.0.0', dependencies: { a: '~1.0.0', left: '^2.0.0' } }),
  );
  await write(
    dir,
    'packages/c/package.json',
    json({ name: 'c', version: '0.0.0', private: true, dependencies: { b: 'workspace:*' } }),
  );
  await write(
    dir,
    'package-lock.json',
    json({
      name: 'root',
      lockfileVersion: 3,
      packages: {
        '': { name: 'root', devDependencies: { a: '^1.0.0' } },
        'packages/a': { name: 'a', version: '1.0.0' },
        'packages/b': { name: 'b', version: '1.0.0', dependencies: { a: '~1.0.0' } },
        'node_modules/a': { resolved: 'packages/a', link: true },
      },
    }),
  );
  await writeVersion(
    validateOptions({ workspaces: true }).options,
    '1.1.0',
    createContext({ cwd: dir }),
  );
  const pkg = async (p: string) => JSON.parse(await read(dir, p)) as Record<string, unknown>;
  assert.equal((await pkg('packages/a/package.json')).version, '1.1.0');
  assert.deepEqual((await pkg('packages/b/package.json')).dependencies, {
    a: '~1.1.0',
    left: '^2.0.0',
  });
  assert.equal(
    (await pkg('packages/c/package.json')).version,
    '0.0.0',
    'private packages keep their version',
  );
  assert.deepEqual((await pkg('packages/c/package.json')).dependencies, { b: 'workspace:*' });
  assert.deepEqual((await pkg('package.json')).devDependencies, { a: '^1.1.0' });
  assert.equal((await pkg('package.json')).version, undefined, 'the root gets no version');
  const lock = (await pkg('package-lock.json')).packages as Record<string, Record<string, unknown>>;
  assert.equal(lock['packages/a']?.version, '1.1.0');
  assert.deepEqual(lock['packages/b']?.dependencies, { a: '~1.1.0' });
  assert.deepEqual(lock['']?.devDependencies, { a: '^1.1.0' });
  assert.deepEqual(lock['node_modules/a'], { resolved: 'packages/a', link: true });
});
