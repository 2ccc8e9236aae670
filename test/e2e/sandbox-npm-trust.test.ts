// `npm trust github`, `npm trust list` and `npm trust revoke` against the sandbox's trust API with a user
// token and a one-time password (NPM_CONFIG_OTP), and npm's EOTP failure without one, as on npmjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserToken } from '@trustpub/sandbox';
import { runNpm } from './sandbox-npm-helper.js';
import { tempDir } from './support/temp.js';
import { useSandbox } from './support/sandbox.js';

const PKG = '@e2e/trusted';
let user: UserToken;
let npmrc: string;

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    await sandbox.seed(PKG);
    user = await sandbox.createUserToken();
    const url = new URL(sandbox.registry);
    npmrc = `//${url.host}${url.pathname}:_authToken=\${SANDBOX_USER_TOKEN}\n`;
  },
});

const npm = (args: string[], env: Record<string, string> = {}) =>
  runNpm(args, {
    cwd: tempDir('trust-'),
    registry: sandbox.registry,
    npmrc,
    env: { SANDBOX_USER_TOKEN: user.token, ...env },
  });

/** `npm trust github` for the package's release workflow, confirmed (the OTP is what the tests vary). */
const TRUST_GITHUB = [
  'trust',
  'github',
  PKG,
  '--repo',
  'octo-org/octo-repo',
  '--file',
  'release.yml',
  '--allow-publish',
  '--yes',
];

/** The trust-API POSTs the sandbox answered since `from`, as their statuses. */
const trustPosts = (from: number) =>
  sandbox
    .requests()
    .slice(from)
    .filter((q) => q.method === 'POST' && q.path.endsWith('/trust'))
    .map((q) => q.status);

test('without an OTP, npm trust github fails with EOTP (401 www-authenticate: OTP), as on npmjs', async () => {
  const mark = sandbox.requests().length;
  const r = await npm(TRUST_GITHUB);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /code EOTP/);
  assert.match(r.stderr, /This operation requires a one-time password/);
  assert.deepEqual(trustPosts(mark), [401]);
  assert.deepEqual(await listIds(), []);
});

test('a wrong OTP is refused the same way', async () => {
  const wrong = user.otp() === '000000' ? '111111' : '000000';
  const mark = sandbox.requests().length;
  const r = await npm(TRUST_GITHUB, { NPM_CONFIG_OTP: wrong });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /code EOTP/);
  assert.deepEqual(trustPosts(mark), [401]);
  assert.deepEqual(await listIds(), []);
});

async function listIds(): Promise<string[]> {
  const r = await npm(['trust', 'list', PKG, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const text = r.stdout.trim();
  if (!text) return [];
  // npm prints one pretty JSON object per configuration.
  return [...text.matchAll(/"id":\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
}

test('npm trust github, list and revoke with NPM_CONFIG_OTP; a second configuration is a 409', async () => {
  const created = await npm(
    [
      'trust',
      'github',
      PKG,
      '--repo',
      'octo-org/octo-repo',
      '--file',
      'release.yml',
      '--env',
      'npm',
      '--allow-publish',
      '--yes',
    ],
    {
      NPM_CONFIG_OTP: user.otp(),
    },
  );
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /Trust configuration created successfully for @e2e\/trusted/);

  const list = await npm(['trust', 'list', PKG]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /release\.yml/);
  assert.match(list.stdout, /octo-org\/octo-repo/);
  const [id] = await listIds();
  assert.ok(id);

  const again = await npm(
    [
      'trust',
      'gitlab',
      PKG,
      '--project',
      'grp/proj',
      '--file',
      '.gitlab-ci.yml',
      '--allow-publish',
      '--yes',
    ],
    { NPM_CONFIG_OTP: user.otp() },
  );
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /409 Conflict - POST/);

  const noOtp = await npm(['trust', 'revoke', PKG, '--id', id]);
  assert.match(noOtp.stderr, /code EOTP/);

  const revoked = await npm(['trust', 'revoke', PKG, '--id', id], { NPM_CONFIG_OTP: user.otp() });
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match(revoked.stdout, /Revoked trusted configuration for package @e2e\/trusted/);
  assert.deepEqual(await listIds(), []);
});
