import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { diagnose } from './diagnose.js';
import type { DiagnosePackage } from './package.js';
import { fakeJwt, testContext } from '../kernel/support.test.helper.js';

const REGISTRY = 'http://127.0.0.1:9/';
const now = Math.floor(Date.now() / 1000);
const claims = {
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'npm:127.0.0.1',
  exp: now + 600,
  iat: now,
  repository: 'acme/repo',
  repository_visibility: 'private',
  workflow_ref: 'acme/repo/.github/workflows/release.yml@refs/heads/main',
  job_workflow_ref: 'acme/repo/.github/workflows/release.yml@refs/heads/main',
  runner_environment: 'github-hosted',
};
const pkg = (over: Partial<DiagnosePackage> = {}): DiagnosePackage => ({
  name: '@acme/a',
  version: '1.0.0',
  registry: REGISTRY,
  manifest: { name: '@acme/a', version: '1.0.0', repository: 'github:acme/repo' },
  existsOnRegistry: true,
  ...over,
});
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'diagnose-'));
const github = (c: object = claims, extra: Record<string, string> = {}) => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/repo',
  NPM_ID_TOKEN: fakeJwt(c),
  npm_config_userconfig: path.join(root, 'none'),
  ...extra,
});
const codes = (f: { code: string; severity: string }[]) =>
  f.map((x) => `${x.severity}:${x.code}`).sort();

test('outside CI there is one finding and no request', async () => {
  const ctx = testContext({ env: { npm_config_userconfig: path.join(root, 'none') }, cwd: root });
  const findings = await diagnose({ root, packages: [pkg()] }, ctx);
  assert.deepEqual(codes(findings), ['error:CI_NOT_DETECTED']);
  assert.match(findings[0]?.message ?? '', /GITHUB_ACTIONS, GITLAB_CI, CIRCLECI/);
});

test('a clean job with the exchange check off has no findings', async () => {
  const findings = await diagnose(
    { root, packages: [pkg()], exchange: false },
    testContext({ env: github(), cwd: root }),
  );
  assert.deepEqual(findings, []);
});

test('self-hosted runner, reusable workflow, write tokens, restricted unscoped, repository and provenance', async () => {
  const env = github(
    {
      ...claims,
      runner_environment: 'self-hosted',
      job_workflow_ref: 'acme/shared/.github/workflows/publish.yml@refs/heads/main',
    },
    { NPM_TOKEN: 'npm_abcdefghijklmnop', NODE_AUTH_TOKEN: 'XXXXX-XXXXX-XXXXX-XXXXX' },
  );
  const ctx = testContext({ env, cwd: root });
  const findings = await diagnose(
    {
      root,
      packages: [
        pkg({
          name: 'plain',
          manifest: { name: 'plain', version: '1.0.0', repository: 'github:someone/else' },
        }),
        pkg({ name: '@acme/new', existsOnRegistry: false }),
      ],
      access: 'restricted',
      provenance: true,
      exchange: false,
    },
    ctx,
  );
  assert.deepEqual(codes(findings), [
    'error:CONFIG_REPOSITORY_MISMATCH',
    'error:CONFIG_RESTRICTED_UNSCOPED',
    'error:EXCHANGE_PACKAGE_NOT_FOUND',
    // provenance: true, but the job can only read NPM_ID_TOKEN: no sigstore token (what the publish would say).
    'error:PROVENANCE_NO_SIGSTORE_TOKEN',
    'error:PROVENANCE_NO_SIGSTORE_TOKEN',
    'error:PROVENANCE_PRIVATE_REPOSITORY',
    'error:PROVENANCE_PRIVATE_REPOSITORY',
    'error:PROVENANCE_SELF_HOSTED_RUNNER',
    'warning:CONFIG_WRITE_TOKEN_MASKS_OIDC',
    'warning:CONFIG_WRITE_TOKEN_MASKS_OIDC',
    'warning:EXCHANGE_NO_TRUSTED_PUBLISHER',
  ]);
  const text = JSON.stringify(findings);
  assert.match(text, /calling workflow's file, \\"release\.yml\\"/);
  assert.match(text, /--bootstrap/);
  assert.match(
    text,
    /points at someone\/else on github, but this job runs in acme\/repo on github/,
  );
  assert.match(text, /placeholder actions\/setup-node writes/);
  // The token values themselves never appear.
  assert.doesNotMatch(text, /npm_abcdefghijklmnop|XXXXX-XXXXX-XXXXX-XXXXX/);
});

test('a configured .npmrc write token is reported; a ${VAR} read-token reference is not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagnose-npmrc-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x","version":"1.0.0"}');
  fs.writeFileSync(path.join(dir, '.npmrc'), '//127.0.0.1:9/:_authToken=${READ_TOKEN}\n');
  const quiet = await diagnose(
    { root: dir, packages: [pkg()], exchange: false },
    testContext({ env: github(claims, { READ_TOKEN: 'read-only-token-value' }), cwd: dir }),
  );
  assert.deepEqual(quiet, []);
  fs.writeFileSync(path.join(dir, '.npmrc'), '//127.0.0.1:9/:_authToken=literal-write-token\n');
  const loud = await diagnose(
    { root: dir, packages: [pkg()], exchange: false },
    testContext({ env: github(), cwd: dir }),
  );
  assert.deepEqual(codes(loud), ['warning:CONFIG_WRITE_TOKEN_MASKS_OIDC']);
  assert.doesNotMatch(JSON.stringify(loud), /literal-write-token/);
});

test('a missing id-token permission is reported once, with the fix', async () => {
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/repo',
    npm_config_userconfig: path.join(root, 'none'),
  };
  const findings = await diagnose(
    { root, packages: [pkg(), pkg({ name: '@acme/b' })] },
    testContext({ env, cwd: root }),
  );
  assert.deepEqual(codes(findings), ['error:ID_TOKEN_PERMISSION_MISSING']);
  assert.match(findings[0]?.hint ?? '', /id-token: write/);
});

// Doctor predicts provenance with the publish's own rule (decideProvenance), not a copy of it.
const publicClaims = { ...claims, repository_visibility: 'public' };
const canSign = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
};
const elsewhere = pkg({
  manifest: { name: '@acme/a', version: '1.0.0', repository: 'github:someone/else' },
});

test('npm config provenance=true is an explicit request: a private repository is an error before publishing', async () => {
  const findings = await diagnose(
    { root, packages: [pkg()], exchange: false },
    testContext({ env: github(claims, { ...canSign, npm_config_provenance: 'true' }), cwd: root }),
  );
  assert.deepEqual(codes(findings), ['error:PROVENANCE_PRIVATE_REPOSITORY']);
  assert.match(findings[0]?.message ?? '', /npm config provenance/);
});

test('npm config provenance=false: a repository mismatch cannot fail the publish (warning)', async () => {
  const findings = await diagnose(
    { root, packages: [elsewhere], exchange: false },
    testContext({
      env: github(publicClaims, { ...canSign, npm_config_provenance: 'false' }),
      cwd: root,
    }),
  );
  assert.deepEqual(codes(findings), ['warning:CONFIG_REPOSITORY_MISMATCH']);
});

test('a public repository on a self-hosted runner: automatic provenance stays off, so the runner is a warning', async () => {
  const findings = await diagnose(
    { root, packages: [pkg()], exchange: false },
    testContext({
      env: github({ ...publicClaims, runner_environment: 'self-hosted' }, canSign),
      cwd: root,
    }),
  );
  assert.deepEqual(codes(findings), ['warning:PROVENANCE_SELF_HOSTED_RUNNER']);
});

test('no way to get a sigstore token: no automatic provenance, so a repository mismatch is a warning; with one it is an error', async () => {
  const without = await diagnose(
    { root, packages: [elsewhere], exchange: false },
    testContext({ env: github(publicClaims), cwd: root }),
  );
  assert.deepEqual(codes(without), ['warning:CONFIG_REPOSITORY_MISMATCH']);
  const withToken = await diagnose(
    { root, packages: [elsewhere], exchange: false },
    testContext({ env: github(publicClaims, canSign), cwd: root }),
  );
  assert.deepEqual(codes(withToken), ['error:CONFIG_REPOSITORY_MISMATCH']);
});
