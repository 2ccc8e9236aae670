import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { TrustpubError } from '../errors/index.js';
import { readTrustConfigFile } from './config-file.js';
import { desiredTrust } from './desired.js';
import { otpChallenge, retryAfterMs } from './otp.js';

const answer = (status: number, headers: Record<string, string>, json: unknown) => ({
  status,
  headers,
  text: JSON.stringify(json),
  json,
});

test('OTP challenges are recognised as npm-registry-fetch does; web flow when authUrl and doneUrl are offered', () => {
  assert.deepEqual(otpChallenge(answer(401, { 'www-authenticate': 'OTP' }, { error: 'x' })), {
    kind: 'otp',
  });
  assert.deepEqual(otpChallenge(answer(401, {}, { error: 'You must provide a one-time pass.' })), {
    kind: 'otp',
  });
  assert.equal(
    otpChallenge(
      answer(401, { 'www-authenticate': 'Bearer realm="npm"' }, { message: 'Invalid token' }),
    ),
    undefined,
  );
  assert.equal(otpChallenge(answer(403, { 'www-authenticate': 'OTP' }, {})), undefined);
  assert.deepEqual(
    otpChallenge(answer(401, {}, { authUrl: 'https://a/auth', doneUrl: 'https://a/done' })),
    {
      kind: 'web',
      authUrl: 'https://a/auth',
      doneUrl: 'https://a/done',
    },
  );
});

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('3', 0), 3000);
  assert.equal(retryAfterMs(undefined, 0), undefined);
  assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000), 6000);
  assert.equal(retryAfterMs('soon', 0), undefined);
});

test('the config file is checked key by key; flags override it; per-package overrides and exclusions apply', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'trust-config-'));
  const file = path.join(dir, '.trustpub.json');
  writeFileSync(
    file,
    JSON.stringify({
      provider: 'github',
      file: 'release.yml',
      allowPublish: true,
      packages: { b: { environment: 'beta' }, c: false },
    }),
  );
  const config = await readTrustConfigFile(file);
  const targets = ['a', 'b', 'c', 'd'].map((name) => ({
    name,
    dir,
    manifest: { name, repository: 'github:acme/mono' },
    private: name === 'd',
  }));
  const desired = desiredTrust(targets, config, { environment: undefined, file: 'ship.yml' });
  assert.deepEqual(
    desired.map((d) => [d.request.packageName, d.request.body.claims]),
    [
      ['a', { repository: 'acme/mono', workflow_ref: { file: 'ship.yml' } }],
      ['b', { repository: 'acme/mono', workflow_ref: { file: 'ship.yml' }, environment: 'beta' }],
    ],
  );
  writeFileSync(file, JSON.stringify({ provider: 'github', fil: 'x.yml' }));
  await assert.rejects(
    readTrustConfigFile(file),
    (e: unknown) =>
      e instanceof TrustpubError &&
      e.code === 'TRUST_INVALID_INPUT' &&
      /unknown key "fil"/.test(e.message),
  );
  writeFileSync(file, JSON.stringify({ provider: 'bitbucket' }));
  await assert.rejects(
    readTrustConfigFile(file),
    /"provider" must be one of github, gitlab, circleci/,
  );
});

test('a workspace package without repository uses the root package.json repository', () => {
  const [d] = desiredTrust(
    [{ name: '@s/a', dir: '.', manifest: { name: '@s/a' } }],
    { provider: 'gitlab', file: '.gitlab-ci.yml', allowStagePublish: true },
    {},
    {
      repository: { type: 'git', url: 'https://gitlab.com/grp/sub/proj.git' },
    },
  );
  assert.deepEqual(d?.request.body, {
    type: 'gitlab',
    claims: { project_path: 'grp/sub/proj', ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
    permissions: ['createStagedPackage'],
  });
});

test("an invalid package in a sync names the package before npm's text", () => {
  assert.throws(
    () =>
      desiredTrust(
        [{ name: '@s/norepo', dir: '.', manifest: { name: '@s/norepo' } }],
        { provider: 'github', file: 'r.yml', allowPublish: true },
        {},
      ),
    (e: unknown) =>
      e instanceof TrustpubError &&
      e.message ===
        '@s/norepo: GitHub repository must be specified with repository option or inferred from the package.json repository field' &&
      e.packageName === '@s/norepo',
  );
});
