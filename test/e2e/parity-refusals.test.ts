// Local refusals of the packing step through the real publish path: a malformed package.json, an
// unknown workspace: target, an unknown catalog entry and a failing lifecycle script end as failed
// results with their codes, in a CI job against a live sandbox, without a single request reaching it.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createContext, publishPackage, type PublishResult } from '@trustpub/core';
import { copyFixture } from './parity-support.js';
import { useSandbox } from './support/sandbox.js';

const REPO = 'parity-org/parity';
type Manifest = Record<string, Record<string, string>>;
const sandbox = useSandbox();

/** publishPackage in a GitHub job; returns the result and how many requests the sandbox saw meanwhile. */
async function publishIn(dir: string): Promise<{ result: PublishResult; requests: number }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: os.tmpdir(),
    npm_config_userconfig: process.env.npm_config_userconfig ?? '',
    ...(await sandbox.ciEnv('github', {
      repo: REPO,
      workflow: 'release.yml',
      visibility: 'private',
    })),
  };
  const before = sandbox.requests().length;
  const result = await publishPackage(
    { dir, registry: sandbox.registry },
    createContext({ env, cwd: dir, onSecret: () => {} }),
  );
  return { result, requests: sandbox.requests().length - before };
}

async function editManifest(dir: string, edit: (m: Manifest) => void): Promise<void> {
  const file = path.join(dir, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  edit(manifest);
  await writeFile(file, JSON.stringify(manifest, null, 2));
}

function assertRefused(
  outcome: { result: PublishResult; requests: number },
  code: string,
  message: RegExp,
): void {
  assert.equal(outcome.result.status, 'failed', JSON.stringify(outcome.result));
  if (outcome.result.status !== 'failed') return;
  assert.equal(outcome.result.error.code, code);
  assert.match(outcome.result.error.message, message);
  assert.ok(outcome.result.error.hint.length > 0);
  assert.equal(outcome.requests, 0, 'nothing reached the registry or the issuer');
}

test('a malformed package.json is refused before any request', async () => {
  const dir = await copyFixture('prerelease');
  await writeFile(
    path.join(dir, 'package.json'),
    '{\n  "name": "@parity/prerelease",\n  "version": "2.0.0"\n  "main": "x.js"\n}\n',
  );
  assertRefused(
    await publishIn(dir),
    'CONFIG_MANIFEST_INVALID',
    /not valid JSON: line 4, column 3/,
  );
});

test('an unknown workspace: target is refused before any request', async () => {
  const root = await copyFixture('ws-pnpm');
  const dir = path.join(root, 'packages', 'c');
  await editManifest(dir, (m) => {
    m.dependencies = { ...m.dependencies, '@ws/nope': 'workspace:^' };
  });
  assertRefused(
    await publishIn(dir),
    'CONFIG_WORKSPACE_TARGET_UNKNOWN',
    /dependencies\["@ws\/nope"\] is "workspace:\^"/,
  );
});

test('an unknown catalog entry is refused before any request', async () => {
  const root = await copyFixture('ws-pnpm');
  const dir = path.join(root, 'packages', 'c');
  await editManifest(dir, (m) => {
    m.peerDependencies = { vue: 'catalog:vue3' };
  });
  assertRefused(await publishIn(dir), 'CONFIG_CATALOG_ENTRY_UNKNOWN', /no catalog named "vue3"/);
});

test('a failing prepack script is refused before any request, naming the script', async () => {
  const dir = await copyFixture('basic-unscoped');
  await editManifest(dir, (m) => {
    m.scripts = { ...m.scripts, prepack: 'node -e "process.exit(7)"' };
  });
  assertRefused(
    await publishIn(dir),
    'PACK_LIFECYCLE_SCRIPT_FAILED',
    /"prepack" script of parity-basic@1\.0\.0 exited with code 7/,
  );
});
