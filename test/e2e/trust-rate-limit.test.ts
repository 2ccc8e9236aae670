// The trust API's request budget: a 429 with Retry-After is waited out; a budget exhausted for longer
// than trustpub will wait stops the sync cleanly, and a re-run (with a fresh budget) completes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox } from '@trustpub/sandbox';
import {
  assertNoToken,
  listTrust,
  seededWorkspace,
  syncArgs,
  trustCalls,
  trustpub,
  userEnv,
} from './trust-support.js';

test('429 answers are waited out as Retry-After says, and the sync completes', async () => {
  const sandbox = await startSandbox({ trustRateLimit: { requests: 4, perMs: 2_000 } });
  try {
    const user = await sandbox.createUserToken();
    const { root, names } = await seededWorkspace(sandbox, 'trust-429-', 'rl', 3);
    const r = await trustpub(syncArgs(sandbox.registry, '--yes'), {
      cwd: root,
      env: userEnv(user),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /warn: rate limited by the registry \(429\) on @rl\/p0\d; waiting [12]s \(Retry-After\)/,
    );
    assert.ok(
      trustCalls(sandbox).some((c) => c.includes(' 429 ')),
      'the sandbox did answer 429',
    );
    assert.match(r.stdout, /Done: 3 changed/);
    const check = await sandbox.createUserToken();
    for (const n of names) assert.equal((await listTrust(sandbox, check, n)).length, 1, n);
    assertNoToken(r, user);
  } finally {
    await sandbox.stop();
  }
});

test('a budget exhausted for longer than trustpub waits stops the sync half-way; a re-run completes it', async () => {
  // 30 calls per 10 minutes: 20 GETs for the plan, then 10 creates, then a 429 asking for ~600 s.
  const sandbox = await startSandbox({ trustRateLimit: { requests: 30, perMs: 600_000 } });
  try {
    const user = await sandbox.createUserToken();
    const { root, names } = await seededWorkspace(sandbox, 'trust-budget-', 'bud', 20);
    const first = await trustpub(syncArgs(sandbox.registry, '--yes'), {
      cwd: root,
      env: userEnv(user),
    });
    assert.equal(first.code, 1);
    assert.match(first.stdout, /Done: 10 changed, 0 already right, 10 failed or not run/);
    assert.match(
      first.stderr,
      /TRUST_RATE_LIMITED: The registry kept refusing POST \S+@bud%2fp11\/trust with 429 Too Many Requests \(waited 0 times; it asks for \d+s more\)\./,
    );
    assert.match(
      first.stderr,
      /fix: Wait a few minutes and run the same command again \(finished packages are kept\)/,
    );
    assert.match(first.stderr, /Not done: @bud\/p11, @bud\/p12, .*@bud\/p20\n/);
    assertNoToken(first, user);

    // A fresh token has a fresh budget: 20 GETs + the 10 missing creates fit exactly.
    const again = await sandbox.createUserToken();
    const second = await trustpub(syncArgs(sandbox.registry, '--yes'), {
      cwd: root,
      env: userEnv(again),
    });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /10 to create, 0 to replace, 0 to bootstrap, 10 already right/);
    const check = await sandbox.createUserToken();
    for (const n of names) assert.equal((await listTrust(sandbox, check, n)).length, 1, n);
    assertNoToken(second, again);
  } finally {
    await sandbox.stop();
  }
});
