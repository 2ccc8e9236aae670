// `trustpub trust sync` against the sandbox's trust API: a 40-package workspace from empty, an
// idempotent second run, a different configuration reported and replaced only with --replace.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  assertNoToken,
  listTrust,
  REPO,
  seededWorkspace,
  syncArgs,
  trustCalls,
  trustpub,
  userEnv,
  withoutId,
  WORKFLOW,
} from './trust-support.js';
import { useSandboxWithUser } from './support/sandbox.js';

const { sandbox, user } = useSandboxWithUser();

const env = () => userEnv(user);

test('sync configures a 40-package workspace from empty, exactly once; a second run changes nothing', async () => {
  const { root, names } = await seededWorkspace(sandbox, 'trust-sync40-', 'big', 40);
  fs.writeFileSync(
    path.join(root, '.trustpub.json'),
    JSON.stringify({ provider: 'github', file: WORKFLOW, environment: 'npm', allowPublish: true }),
  );

  const first = await trustpub(
    ['trust', 'sync', '--workspaces', '--registry', sandbox.registry, '--yes'],
    { cwd: root, env: env() },
  );
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stdout,
    /40 to create, 0 to replace, 0 to bootstrap, 0 already right, 0 different \(not replaced\), 0 not on the registry/,
  );
  assert.match(
    first.stdout,
    /create {5}@big\/p01 {2}github acme\/mono release\.yml environment npm \[publish\]/,
  );
  assert.match(
    first.stdout,
    /Done: 40 changed, 0 already right, 0 failed or not run, 0 left alone\./,
  );
  assert.doesNotMatch(first.stdout, /@big\/internal/, 'private packages are never configured');
  assertNoToken(first, user);
  for (const n of names) {
    const configs = await listTrust(sandbox, user, n);
    assert.equal(configs.length, 1, n);
    assert.deepEqual(withoutId(configs[0]!), {
      type: 'github',
      claims: { repository: REPO, workflow_ref: { file: WORKFLOW }, environment: 'npm' },
      permissions: ['createPackage'],
    });
  }

  const mark = sandbox.requests().length;
  const second = await trustpub(
    ['trust', 'sync', '--workspaces', '--registry', sandbox.registry, '--yes'],
    { cwd: root, env: env() },
  );
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /0 to create, 0 to replace, 0 to bootstrap, 40 already right/);
  assert.match(second.stdout, /Everything is already configured\./);
  const writes = trustCalls(sandbox, mark).filter((c) => !c.startsWith('GET'));
  assert.deepEqual(writes, [], 'a second run sends no POST or DELETE');
  assertNoToken(second, user);
});

test('a different configuration is reported and left alone; --replace revokes and recreates it', async () => {
  const { root } = await seededWorkspace(sandbox, 'trust-replace-', 'rep', 3);
  const old = await sandbox.setTrust('@rep/p02', {
    type: 'github',
    claims: { repository: 'acme/other', workflow_ref: { file: 'old.yml' } },
    permissions: ['createPackage'],
  });
  const args = syncArgs(sandbox.registry, '--yes');

  const plain = await trustpub(args, { cwd: root, env: env() });
  assert.equal(plain.code, 1, 'a difference left alone is not success');
  assert.match(
    plain.stdout,
    /different {2}@rep\/p02 {2}has github acme\/other old\.yml \[publish\]; wanted github acme\/mono release\.yml \[publish\] \(left alone; --replace to replace it\)/,
  );
  assert.match(
    plain.stdout,
    /2 to create, 0 to replace, 0 to bootstrap, 0 already right, 1 different/,
  );
  assert.deepEqual(
    await listTrust(sandbox, user, '@rep/p02'),
    [old],
    'not touched without --replace',
  );
  assert.equal((await listTrust(sandbox, user, '@rep/p01')).length, 1);

  const mark = sandbox.requests().length;
  const replaced = await trustpub([...args, '--replace'], { cwd: root, env: env() });
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.match(
    replaced.stdout,
    /replace {4}@rep\/p02 {2}github acme\/other old\.yml \[publish\] {2}-> {2}github acme\/mono release\.yml \[publish\]/,
  );
  assert.match(replaced.stdout, /@rep\/p02: replaced \(id /);
  const now = await listTrust(sandbox, user, '@rep/p02');
  assert.equal(now.length, 1);
  assert.deepEqual(withoutId(now[0]!), {
    type: 'github',
    claims: { repository: REPO, workflow_ref: { file: WORKFLOW } },
    permissions: ['createPackage'],
  });
  assert.deepEqual(
    trustCalls(sandbox, mark).filter((c) => !c.startsWith('GET')),
    [`DELETE 204 /-/package/@rep%2fp02/trust/${old.id}`, 'POST 200 /-/package/@rep%2fp02/trust'],
    'only the different one is revoked and recreated',
  );
  assertNoToken(replaced, user);
});

test('--dry-run prints the plan and writes nothing; a missing token is a clear error', async () => {
  const { root } = await seededWorkspace(sandbox, 'trust-dry-', 'dry', 2);
  const args = syncArgs(sandbox.registry);
  const mark = sandbox.requests().length;
  const dry = await trustpub([...args, '--dry-run'], { cwd: root, env: env() });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /2 to create/);
  assert.deepEqual(
    trustCalls(sandbox, mark).filter((c) => !c.startsWith('GET')),
    [],
  );

  // --config FILE: the desired state from a file anywhere in the repository (here not .trustpub.json).
  const configFile = path.join(root, 'ci', 'trust.json');
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      provider: 'github',
      file: WORKFLOW,
      environment: 'staging',
      allowPublish: true,
    }),
  );
  const fromFile = await trustpub(
    [
      'trust',
      'sync',
      '--workspaces',
      '--config',
      configFile,
      '--registry',
      sandbox.registry,
      '--dry-run',
    ],
    { cwd: root, env: env() },
  );
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.match(
    fromFile.stdout,
    /create {5}@dry\/p01 {2}github acme\/mono release\.yml environment staging \[publish\]/,
  );

  // The user's token is never a flag value: --token is refused (and the helper checks it is not echoed).
  const tokenFlag = await trustpub([...args, '--yes', `--token=${user.token}`], {
    cwd: root,
    env: env(),
  });
  assert.equal(tokenFlag.code, 2, tokenFlag.stderr); // a usage error
  assert.match(tokenFlag.stderr, /--token/);

  const noToken = await trustpub([...args, '--yes'], {
    cwd: root,
    env: { NPM_CONFIG_OTP: user.otp() },
  });
  assert.equal(noToken.code, 1);
  assert.match(noToken.stderr, /TRUST_AUTH_MISSING: The environment variable NPM_TOKEN is not set/);
  assert.match(noToken.stderr, /fix: Set NPM_TOKEN to a token/);

  const otherVar = await trustpub([...args, '--yes', '--token-env', 'MY_NPM_USER_TOKEN'], {
    cwd: root,
    env: { MY_NPM_USER_TOKEN: user.token, NPM_CONFIG_OTP: user.otp() },
  });
  assert.equal(otherVar.code, 0, otherVar.stderr);
  assertNoToken(otherVar, user);

  const noConfirm = await trustpub(
    [
      'trust',
      'sync',
      '--workspaces',
      '--provider',
      'github',
      '--file',
      WORKFLOW,
      '--allow-stage-publish',
      '--replace',
      '--registry',
      sandbox.registry,
    ],
    { cwd: root, env: env() },
  );
  assert.equal(noConfirm.code, 1);
  assert.match(noConfirm.stderr, /TRUST_CANCELLED: User cancelled operation/);
});

test('trust github --workspaces configures every publishable package; list --workspaces --json shows them', async () => {
  const { root, names } = await seededWorkspace(sandbox, 'trust-ws-create-', 'wsc', 3);
  const create = [
    'trust',
    'github',
    '--workspaces',
    '--file',
    WORKFLOW,
    '--allow-publish',
    '--registry',
    sandbox.registry,
    '--yes',
  ];
  const r = await trustpub(create, { cwd: root, env: env() });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    (r.stdout.match(/^Trust configuration created successfully for @wsc\/p0\d/gm) ?? []).length,
    3,
  );
  assert.match(r.stdout, /repository: acme\/mono \(from package\.json\)/);
  assert.doesNotMatch(r.stdout, /@wsc\/internal/);

  const listed = await trustpub(
    ['trust', 'list', '--workspaces', '--json', '--registry', sandbox.registry],
    { cwd: root, env: { NPM_TOKEN: user.token } },
  );
  assert.equal(listed.code, 0, listed.stderr);
  const byName = JSON.parse(listed.stdout) as Record<
    string,
    Array<{ repository: string; file: string }>
  >;
  for (const n of names)
    assert.deepEqual(
      byName[n]?.map((c) => [c.repository, c.file]),
      [[REPO, WORKFLOW]],
      n,
    );

  const again = await trustpub(create, { cwd: root, env: env() });
  assert.equal(again.code, 1);
  assert.match(
    again.stderr,
    /configured: \(none\)\nnot configured: @wsc\/p01, @wsc\/p02, @wsc\/p03\nTRUST_CONFLICT: @wsc\/p01 already has a trusted publisher configuration/,
  );
  assertNoToken(r, user);
  assertNoToken(again, user);
});
