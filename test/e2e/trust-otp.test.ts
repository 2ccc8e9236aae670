// Two-factor handling of the trust commands against the sandbox's TOTP check: OTP missing, wrong,
// asked in a terminal (and asked again when refused), and expiring in the middle of a sync, after
// which a re-run finishes the job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox, totp } from '@trustpub/sandbox';
import {
  assertNoToken,
  githubTrustArgs,
  listTrust,
  seededWorkspace,
  syncArgs,
  trustpub,
  userEnv,
} from './trust-support.js';
import { useSandboxWithUser } from './support/sandbox.js';
import { tempDir } from './support/temp.js';

const STEP_MS = 30_000;
const { sandbox, user } = useSandboxWithUser(undefined, {
  setUp: async () => {
    for (const n of ['@otp/a', '@otp/b', '@otp/c']) await sandbox.seed(n);
  },
});

/** A code the sandbox refuses now: two TOTP steps old (it accepts the current and the previous step). */
const staleOtp = () => totp(user.otpSecret, Date.now() - 2 * STEP_MS);
const create = (name: string) => githubTrustArgs(name, sandbox.registry);

test('without an OTP and without a terminal: TRUST_OTP_REQUIRED, saying how to give one; nothing created', async () => {
  const r = await trustpub([...create('@otp/a'), '--yes'], {
    cwd: tempDir('otp-'),
    env: { NPM_TOKEN: user.token },
  });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /TRUST_OTP_REQUIRED: This operation requires a one-time password from your authenticator\./,
  );
  assert.match(
    r.stderr,
    /fix: Pass --otp CODE \(or set NPM_CONFIG_OTP\), or run the command in a terminal/,
  );
  assert.deepEqual(await listTrust(sandbox, user, '@otp/a'), []);
  assertNoToken(r, user);
});

test('a wrong or expired OTP: TRUST_OTP_INVALID, saying it was mistyped or expired', async () => {
  const r = await trustpub([...create('@otp/a'), '--yes', '--otp', staleOtp()], {
    cwd: tempDir('otp-'),
    env: { NPM_TOKEN: user.token },
  });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /TRUST_OTP_INVALID: The registry refused the one-time password for @otp\/a: it was mistyped or has expired\./,
  );
  assert.match(r.stderr, /fix: Run the same command again with a fresh --otp CODE/);
  const env = await trustpub([...create('@otp/a'), '--yes'], {
    cwd: tempDir('otp-'),
    env: { NPM_TOKEN: user.token, NPM_CONFIG_OTP: staleOtp() },
  });
  assert.match(env.stderr, /TRUST_OTP_INVALID/, 'NPM_CONFIG_OTP is read like --otp');
  assert.deepEqual(await listTrust(sandbox, user, '@otp/a'), []);
});

test('in a terminal: confirmation, then the OTP is asked once, and asked again when refused', async () => {
  const r = await trustpub(create('@otp/b'), {
    cwd: tempDir('otp-'),
    env: { NPM_TOKEN: user.token },
    answers: ['y', staleOtp(), () => user.otp()],
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.asked, [
    'Do you want to proceed? (y/N) ',
    'This operation requires a one-time password.\nEnter OTP: ',
    'The one-time password was refused (expired or mistyped).\nEnter a new OTP: ',
  ]);
  assert.match(
    r.stdout,
    /Trust configuration created successfully for @otp\/b with the following settings:/,
  );
  assert.equal((await listTrust(sandbox, user, '@otp/b')).length, 1);
  assertNoToken(r, user);

  const no = await trustpub(create('@otp/c'), {
    cwd: tempDir('otp-'),
    env: { NPM_TOKEN: user.token },
    answers: ['n'],
  });
  assert.equal(no.code, 1);
  assert.match(no.stderr, /TRUST_CANCELLED: User cancelled operation/);
});

test('an OTP that expires in the middle of a sync stops it cleanly; the re-run finishes only what is left', async () => {
  // The sandbox checks codes against a clock this test moves: once 5 packages are reported created, the
  // clock jumps two TOTP steps ahead, so the code given with --otp expires between two creates.
  let offsetMs = 0;
  const clocked = await startSandbox({ otpClock: () => Date.now() + offsetMs });
  try {
    const owner = await clocked.createUserToken();
    const { root, names } = await seededWorkspace(clocked, 'otp-expire-', 'exp', 20);
    const args = syncArgs(clocked.registry, '--yes');
    let createdSoFar = 0;
    const first = await trustpub([...args, '--otp', owner.otp()], {
      cwd: root,
      env: { NPM_TOKEN: owner.token },
      onStdout: (t) => {
        createdSoFar += (t.match(/: created/g) ?? []).length;
        if (createdSoFar >= 5 && offsetMs === 0) offsetMs = 2 * STEP_MS;
      },
    });
    assert.equal(first.code, 1, first.stdout);
    assert.match(
      first.stderr,
      /TRUST_OTP_INVALID: The registry refused the one-time password for @exp\/p06: it was mistyped or has expired\./,
    );
    assert.match(
      first.stderr,
      /Run the same command again to finish; packages already configured are left as they are\./,
    );
    const created = [...first.stdout.matchAll(/^(@exp\/p\d\d): created/gm)].map((m) => m[1]);
    assert.deepEqual(created, names.slice(0, 5), 'created until the code expired, then stopped');
    const configured = [];
    for (const n of names) if ((await listTrust(clocked, owner, n)).length) configured.push(n);
    assert.deepEqual(
      configured,
      created,
      'what the output says was created is exactly what the registry has',
    );

    const second = await trustpub(args, {
      cwd: root,
      env: userEnv(owner),
    });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /15 to create, 0 to replace, 0 to bootstrap, 5 already right/);
    for (const n of names) assert.equal((await listTrust(clocked, owner, n)).length, 1, n);
    assertNoToken(first, owner);
    assertNoToken(second, owner);
  } finally {
    await clocked.stop();
  }
});
