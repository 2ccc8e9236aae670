import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTrustpubError } from '@trustpub/core';
import { readChangesetsSetup } from './changesets-setup.js';
import { tempRepo } from './test-support.test.helper.js';

const workspace = (config: object, extra: Record<string, string | object> = {}) =>
  tempRepo({
    'package.json': { name: 'root', private: true, workspaces: ['packages/*'] },
    // @manypkg recognises an npm workspace root by its lockfile, as changesets does.
    'package-lock.json': { name: 'root', lockfileVersion: 3, requires: true, packages: {} },
    'packages/a/package.json': { name: '@s/a', version: '1.0.0' },
    'packages/b/package.json': { name: 'b', version: '2.0.0' },
    'packages/app/package.json': { name: 'app', version: '0.1.0', private: true },
    '.changeset/config.json': config,
    ...extra,
  });

test('reads access, ignore (names), privatePackages and pre mode with changesets libraries', async () => {
  const dir = workspace(
    { access: 'public', ignore: ['b'], privatePackages: { version: true, tag: true } },
    { '.changeset/pre.json': { mode: 'pre', tag: 'next', initialVersions: {}, changesets: [] } },
  );
  const setup = await readChangesetsSetup(dir);
  assert.equal(setup.config.access, 'public');
  assert.deepEqual(setup.config.ignore, ['b']);
  assert.deepEqual(setup.config.privatePackages, { version: true, tag: true });
  assert.deepEqual(setup.preState && { mode: setup.preState.mode, tag: setup.preState.tag }, {
    mode: 'pre',
    tag: 'next',
  });
  assert.equal(setup.singlePackage, false);
  assert.deepEqual(setup.packages.packages.map((p) => p.packageJson.name).sort(), [
    '@s/a',
    'app',
    'b',
  ]);
});

test('changesets 3 defaults: restricted access, no private tags, no pre mode', async () => {
  const setup = await readChangesetsSetup(workspace({}));
  assert.equal(setup.config.access, 'restricted');
  assert.equal(setup.config.privatePackages.tag, false);
  assert.equal(setup.preState, undefined);
});

test('an invalid config is a CONFIG_INVALID_OPTION naming the problem', async () => {
  await assert.rejects(
    readChangesetsSetup(workspace({ access: 'everyone' })),
    (e) => isTrustpubError(e) && e.code === 'CONFIG_INVALID_OPTION' && /access/.test(e.message),
  );
});
