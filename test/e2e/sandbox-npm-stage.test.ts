// The unmodified npm CLI's staged publishing (npm 11.15+) against the sandbox: `npm stage publish` from a
// GitHub job through OIDC (no 2FA), the version not installable while staged, `npm publish` refused for a
// stage-only trusted publisher with npmjs's answer, `npm stage list`/`view`, and `npm stage approve` /
// `reject` with a user token and a one-time password.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserToken } from '@trustpub/sandbox';
import { fixturePackage, runNpm } from './sandbox-npm-helper.js';
import { tempDir } from './support/temp.js';
import { useSandbox } from './support/sandbox.js';

const PKG = '@e2e/staged';
const REPO = 'octo-org/octo-repo';
let user: UserToken;
let npmrc: string;

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    await sandbox.seed(PKG);
    await sandbox.setTrust(PKG, {
      type: 'github',
      claims: { repository: REPO, workflow_ref: { file: 'release.yml' } },
      permissions: ['createStagedPackage'],
    });
    user = await sandbox.createUserToken();
    const url = new URL(sandbox.registry);
    npmrc = `//${url.host}${url.pathname}:_authToken=\${SANDBOX_USER_TOKEN}\n`;
  },
});

const job = () =>
  sandbox.ciEnv('github', { repo: REPO, workflow: 'release.yml', visibility: 'private' });

/** A maintainer's npm: user token from the environment, OTP as given. */
const maintainer = (args: string[], env: Record<string, string> = {}) =>
  runNpm(args, {
    cwd: tempDir('stage-'),
    registry: sandbox.registry,
    npmrc,
    env: { SANDBOX_USER_TOKEN: user.token, ...env },
  });

async function versions(): Promise<string[]> {
  const doc = (await (await fetch(`${sandbox.registry}@e2e%2fstaged`)).json()) as {
    versions: Record<string, unknown>;
  };
  return Object.keys(doc.versions);
}

const STAGE_ID = /staged with id ([0-9a-f-]{36})/;

test('a stage-only trusted publisher: npm publish is refused (403 OIDC permission denied), npm stage publish is accepted', async () => {
  const env = await job();
  const direct = await runNpm(['publish'], {
    cwd: fixturePackage(PKG, '1.0.0'),
    registry: sandbox.registry,
    env,
  });
  assert.notEqual(direct.code, 0);
  assert.match(
    direct.stderr,
    /403 Forbidden - PUT .*@e2e%2fstaged - OIDC permission denied for this action/,
  );
  assert.deepEqual(await versions(), ['0.0.1']);

  const mark = sandbox.requests().length;
  const staged = await runNpm(['stage', 'publish'], {
    cwd: fixturePackage(PKG, '1.0.0'),
    registry: sandbox.registry,
    env: await job(),
  });
  assert.equal(staged.code, 0, staged.stderr);
  const id = STAGE_ID.exec(staged.stdout)?.[1];
  assert.ok(id, staged.stdout);
  const sent = sandbox.requests().slice(mark);
  assert.deepEqual(
    sent
      .filter((r) => r.server === 'registry' && r.method === 'POST')
      .map((r) => [r.path, r.status, r.npmCommand]),
    [
      ['/-/npm/v1/oidc/token/exchange/package/@e2e%2fstaged', 201, 'stage'],
      ['/-/stage/package/@e2e%2fstaged', 201, 'stage'],
    ],
  );
  // Staged, not published: the packument and an install do not see it.
  assert.deepEqual(await versions(), ['0.0.1']);
  const install = await runNpm(['install', `${PKG}@1.0.0`, '--no-save'], {
    cwd: tempDir('consumer-'),
    registry: sandbox.registry,
  });
  assert.notEqual(install.code, 0);
  assert.match(install.stderr, /ETARGET|No matching version/);

  // The same version cannot be staged twice (staged and published versions share one index).
  const again = await runNpm(['stage', 'publish'], {
    cwd: fixturePackage(PKG, '1.0.0'),
    registry: sandbox.registry,
    env: await job(),
  });
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /You cannot publish over the previously published versions: 1\.0\.0/);

  const list = await maintainer(['stage', 'list', PKG, '--json']);
  assert.equal(list.code, 0, list.stderr);
  const items = JSON.parse(list.stdout) as {
    id: string;
    packageName: string;
    version: string;
    status: string;
  }[];
  assert.deepEqual(
    items.map((i) => [i.id, i.packageName, i.version, i.status]),
    [[id, PKG, '1.0.0', 'pending']],
  );
  const view = await maintainer(['stage', 'view', id]);
  assert.equal(view.code, 0, view.stderr);
  assert.match(view.stdout, /staged by.*GitHub Actions \(trusted_publisher\)/);

  // Approval needs 2FA: without an OTP npm fails with EOTP and nothing is published.
  const noOtp = await maintainer(['stage', 'approve', id]);
  assert.notEqual(noOtp.code, 0);
  assert.match(noOtp.stderr, /code EOTP/);
  assert.deepEqual(await versions(), ['0.0.1']);
  const approved = await maintainer(['stage', 'approve', id], { NPM_CONFIG_OTP: user.otp() });
  assert.equal(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /approved and published successfully/);
  assert.deepEqual((await versions()).sort(), ['0.0.1', '1.0.0']);
  const installed = await runNpm(['install', `${PKG}@1.0.0`, '--no-save'], {
    cwd: tempDir('consumer-'),
    registry: sandbox.registry,
  });
  assert.equal(installed.code, 0, installed.stderr);
  const empty = await maintainer(['stage', 'list', PKG]);
  assert.match(empty.stdout, /No staged versions of package name "@e2e\/staged"/);
});

test('npm stage reject (with an OTP) removes the staged version; it never becomes installable', async () => {
  const staged = await runNpm(['stage', 'publish'], {
    cwd: fixturePackage(PKG, '1.1.0'),
    registry: sandbox.registry,
    env: await job(),
  });
  assert.equal(staged.code, 0, staged.stderr);
  const id = STAGE_ID.exec(staged.stdout)?.[1];
  assert.ok(id);
  const rejected = await maintainer(['stage', 'reject', id], { NPM_CONFIG_OTP: user.otp() });
  assert.equal(rejected.code, 0, rejected.stderr);
  assert.match(rejected.stdout, /has been rejected/);
  const view = await maintainer(['stage', 'view', id]);
  assert.notEqual(view.code, 0);
  assert.match(view.stderr, /404/);
  assert.ok(!(await versions()).includes('1.1.0'));
});
