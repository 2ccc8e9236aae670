import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateOptions } from './options.js';

test('defaults: publish the package at the root, automatic provenance', () => {
  const { options, problems } = validateOptions({ branches: ['main'], repositoryUrl: 'x' });
  assert.deepEqual(problems, []);
  assert.deepEqual(options, {
    pkgRoot: '.',
    tarballDir: undefined,
    npmPublish: true,
    workspaces: false,
    provenance: undefined,
    access: undefined,
    fallbackTokenEnv: undefined,
    registry: undefined,
    stage: false,
    allowFiles: undefined,
    packAs: undefined,
    ignoreScripts: undefined,
    strict: false,
  });
});

test('every invalid option is reported at once, with its own code', () => {
  const { problems } = validateOptions({
    pkgRoot: 3,
    tarballDir: true,
    npmPublish: 'yes',
    workspaces: 1,
    provenance: 'true',
    access: 'private',
    fallbackTokenEnv: 'npm_abcdef-1234',
    registry: 'registry.npmjs.org',
    packAs: 'deno',
    ignoreScripts: 'yes',
    strict: 'yes',
  });
  assert.deepEqual(
    problems.map((p) => p.code),
    [
      'EINVALIDPKGROOT',
      'EINVALIDTARBALLDIR',
      'EINVALIDNPMPUBLISH',
      'EINVALIDWORKSPACES',
      'EINVALIDPROVENANCE',
      'EINVALIDACCESS',
      'EINVALIDFALLBACKTOKENENV',
      'EINVALIDREGISTRY',
      'EINVALIDPACKAS',
      'EINVALIDIGNORESCRIPTS',
      'EINVALIDSTRICT',
    ],
  );
  assert.deepEqual(
    validateOptions({ packAs: 'pnpm@10', ignoreScripts: true }).options.packAs,
    'pnpm@10',
  );
});

test('a token pasted into fallbackTokenEnv is refused (it must name a variable)', () => {
  const token = `npm_${'a1B2c3D4e5'.repeat(4).slice(0, 36)}`;
  assert.deepEqual(
    validateOptions({ fallbackTokenEnv: token }).problems.map((p) => p.code),
    ['EINVALIDFALLBACKTOKENENV'],
  );
  assert.deepEqual(validateOptions({ fallbackTokenEnv: 'NPM_TOKEN' }).problems, []);
});

test('null means unset; workspaces cannot be combined with pkgRoot', () => {
  assert.deepEqual(validateOptions({ tarballDir: null, access: null }).problems, []);
  assert.deepEqual(
    validateOptions({ workspaces: true, pkgRoot: 'packages/a' }).problems.map((p) => p.code),
    ['EINVALIDPKGROOT'],
  );
  const { options } = validateOptions({
    workspaces: true,
    provenance: false,
    access: 'restricted',
    fallbackTokenEnv: 'NPM_TOKEN',
  });
  assert.equal(options.workspaces, true);
  assert.equal(options.provenance, false);
  assert.equal(options.access, 'restricted');
  assert.equal(options.fallbackTokenEnv, 'NPM_TOKEN');
});
