// `trustpub trust audit` on a 20-package workspace against the sandbox: each package's trusted publisher
// against .trustpub.json, whether it still accepts token publishing, the user's write tokens; `--fix`
// sets "require 2FA and disallow tokens" (npm access set mfa=publish) on the packages that have a trusted
// publisher, needs a one-time password, is idempotent (a second run sends nothing), and afterwards a
// publish with the user's token is refused while the trusted publisher still publishes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  baseEnv,
  REPO,
  runTrustpub,
  tempDir,
  trust,
  WORKFLOW,
  writeNpmWorkspace,
  githubJob,
} from './cli-harness.js';
import { runNpm } from './sandbox-npm-helper.js';
import { useSandboxWithUser } from './support/sandbox.js';

const { sandbox, user } = useSandboxWithUser();

const NAMES = Array.from({ length: 20 }, (_, i) => `@acme/au-${String(i + 1).padStart(2, '0')}`);

test('trust audit on 20 packages; --fix disallows tokens where a trusted publisher is set, idempotently', async () => {
  const root = tempDir('audit-');
  writeNpmWorkspace(
    root,
    NAMES.map((name) => ({ name })),
  );
  fs.writeFileSync(
    path.join(root, '.trustpub.json'),
    JSON.stringify({ provider: 'github', repository: REPO, file: WORKFLOW, allowPublish: true }),
  );
  for (const [i, name] of NAMES.entries()) {
    await sandbox.seed(name, '0.0.1');
    if (i < 17) await trust(sandbox, name);
    else if (i === 17) await trust(sandbox, name, { workflow: 'other.yml' });
    // 19 and 20: no trusted publisher
  }
  const env = { ...baseEnv(), npm_config_registry: sandbox.registry, NPM_TOKEN: user.token };
  const accessPosts = (from: number) =>
    sandbox
      .requests()
      .slice(from)
      .filter((r) => r.method === 'POST' && /^\/-\/package\/[^/]+\/access$/.test(r.path));

  const audit = await runTrustpub(['trust', 'audit', '--workspaces'], { cwd: root, env });
  assert.equal(audit.code, 1, audit.stderr);
  const lines = audit.stdout.split('\n').filter((l) => l.startsWith('@acme/au-'));
  assert.equal(lines.length, 20);
  assert.equal(
    lines.filter((l) => l.includes('trusted publisher as desired; TOKENS ALLOWED')).length,
    17,
  );
  assert.match(audit.stdout, /@acme\/au-18: trusted publisher DIFFERS from the desired one/);
  assert.match(audit.stdout, /@acme\/au-19: NO trusted publisher; TOKENS ALLOWED/);
  assert.match(
    audit.stdout,
    /20 package\(s\): 3 without the desired trusted publisher, 20 still accepting token publishing/,
  );
  assert.match(audit.stdout, /Write tokens/);

  // --fix changes settings: without a one-time password it stops before changing anything.
  const mark0 = sandbox.requests().length;
  const noOtp = await runTrustpub(['trust', 'audit', '--workspaces', '--fix'], { cwd: root, env });
  assert.equal(noOtp.code, 1);
  assert.match(noOtp.stderr, /TRUST_OTP_REQUIRED/);
  assert.deepEqual(
    accessPosts(mark0).map((r) => r.status),
    [401],
  );

  const mark1 = sandbox.requests().length;
  const fixed = await runTrustpub(
    ['trust', 'audit', '--workspaces', '--fix', '--otp', user.otp()],
    {
      cwd: root,
      env,
    },
  );
  assert.equal(fixed.code, 1, fixed.stderr); // two packages still have no trusted publisher
  assert.equal(accessPosts(mark1).length, 18);
  assert.ok(accessPosts(mark1).every((r) => r.status === 200));
  assert.equal((fixed.stdout.match(/<- set by --fix/g) ?? []).length, 18);
  assert.match(fixed.stdout, /@acme\/au-20: NO trusted publisher; TOKENS ALLOWED$/m);

  const mark2 = sandbox.requests().length;
  const again = await runTrustpub(
    ['trust', 'audit', '--workspaces', '--fix', '--otp', user.otp()],
    {
      cwd: root,
      env,
    },
  );
  assert.equal(again.code, 1);
  assert.deepEqual(accessPosts(mark2), [], 'a second --fix sends nothing');
  assert.equal(
    again.stdout.split('\n').filter((l) => l.includes('tokens disallowed (2FA required)')).length,
    18,
  );
  assert.doesNotMatch(again.stdout, /set by --fix/);

  // The setting works: the user's token can no longer publish a fixed package; the trusted publisher can.
  const pkgDir = path.join(root, 'packages', 'au-01');
  const npmrc = `//${new URL(sandbox.registry).host}/:_authToken=\${SANDBOX_USER_TOKEN}\n`;
  const withToken = await runNpm(['publish'], {
    cwd: pkgDir,
    registry: sandbox.registry,
    npmrc,
    env: { SANDBOX_USER_TOKEN: user.token },
  });
  assert.notEqual(withToken.code, 0);
  assert.match(withToken.stderr, /403/);
  const ci = await githubJob(sandbox, 'private');
  const viaOidc = await runTrustpub(['publish'], { cwd: pkgDir, env: ci });
  assert.equal(viaOidc.code, 0, `${viaOidc.stdout}\n${viaOidc.stderr}`);
});
