import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { TrustpubError } from '../errors/index.js';
import { readManifest } from './manifest.js';

async function dirWith(text: string | undefined): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'manifest-'));
  if (text !== undefined) await writeFile(path.join(dir, 'package.json'), text);
  return dir;
}

async function refusal(text: string | undefined): Promise<TrustpubError> {
  const dir = await dirWith(text);
  const error = await readManifest(dir).then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof TrustpubError);
  assert.ok(error.hint.length > 0);
  return error;
}

test('reads a package.json (a BOM is ignored, as npm does)', async () => {
  const dir = await dirWith('\uFEFF{"name":"@a/b","version":"1.0.0","x":1}');
  assert.deepEqual(await readManifest(dir), { name: '@a/b', version: '1.0.0', x: 1 });
});

test('no package.json is CONFIG_MANIFEST_NOT_FOUND', async () => {
  const error = await refusal(undefined);
  assert.equal(error.code, 'CONFIG_MANIFEST_NOT_FOUND');
  assert.match(error.message, /No package\.json in /);
});

test('malformed JSON is CONFIG_MANIFEST_INVALID and says where', async () => {
  const error = await refusal('{\n  "name": "a",\n  "version": "1.0.0",\n}\n');
  assert.equal(error.code, 'CONFIG_MANIFEST_INVALID');
  assert.match(error.message, /package\.json is not valid JSON: line 4, column 1/);
});

test('a JSON value that is not an object is CONFIG_MANIFEST_INVALID', async () => {
  assert.equal((await refusal('[1, 2]')).code, 'CONFIG_MANIFEST_INVALID');
});

test('a missing or invalid name is CONFIG_INVALID_NAME with validate-npm-package-name reasons', async () => {
  assert.equal((await refusal('{"version":"1.0.0"}')).code, 'CONFIG_INVALID_NAME');
  const spaced = await refusal('{"name":"has space","version":"1.0.0"}');
  assert.equal(spaced.code, 'CONFIG_INVALID_NAME');
  assert.match(
    spaced.message,
    /"has space" .* not a valid package name: name can only contain URL-friendly characters/,
  );
  assert.equal((await refusal('{"name":".dot","version":"1.0.0"}')).code, 'CONFIG_INVALID_NAME');
  // Legacy capitalised names can still get new versions: not refused here.
  assert.equal(
    (await readManifest(await dirWith('{"name":"JSONStream","version":"1.0.0"}'))).name,
    'JSONStream',
  );
});

test('a missing version is CONFIG_INVALID_VERSION', async () => {
  assert.equal((await refusal('{"name":"a"}')).code, 'CONFIG_INVALID_VERSION');
});
