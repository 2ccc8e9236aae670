// `trustpub trust sync` killed half-way (the real bin in a child process, SIGKILL), then run again:
// the re-run creates exactly what is missing and leaves what the killed run did.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { startSandbox } from '@trustpub/sandbox';
import {
  assertNoToken,
  listTrust,
  seededWorkspace,
  syncArgs,
  trustpub,
  userEnv,
} from './trust-support.js';
import { TRUSTPUB_BIN } from './support/paths.js';

test('a sync killed half-way is finished by the next run, which changes nothing already done', async () => {
  const sandbox = await startSandbox();
  try {
    const user = await sandbox.createUserToken();
    const { root, names } = await seededWorkspace(sandbox, 'trust-kill-', 'kill', 20);
    const args = syncArgs(sandbox.registry, '--yes');

    const child = spawn(process.execPath, [TRUSTPUB_BIN, ...args, '--pace', '150'], {
      cwd: root,
      env: { ...process.env, NPM_TOKEN: user.token, NPM_CONFIG_OTP: user.otp() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if ((stdout.match(/: created/g) ?? []).length >= 5) child.kill('SIGKILL');
    });
    const code = await exited;
    assert.equal(code, null, `killed, not finished:\n${stdout}\n${stderr}`);
    assertNoToken({ stdout, stderr }, user);
    const printed = (stdout.match(/: created/g) ?? []).length;

    let configured = 0;
    for (const n of names) configured += (await listTrust(sandbox, user, n)).length;
    assert.ok(
      configured >= printed && configured < 20,
      `${configured} configured before the re-run`,
    );

    const again = await trustpub(args, {
      cwd: root,
      env: userEnv(user),
    });
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stdout,
      new RegExp(
        `${20 - configured} to create, 0 to replace, 0 to bootstrap, ${configured} already right, 0 different`,
      ),
    );
    for (const n of names) assert.equal((await listTrust(sandbox, user, n)).length, 1, n);
    assertNoToken(again, user);
  } finally {
    await sandbox.stop();
  }
});
