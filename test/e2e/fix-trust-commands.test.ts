// The trust commands a fix or a maintainer runs: a bulk web-2FA sync with one login, a bootstrap that
// cannot answer 2FA publishes nothing, a printed --replace command run twice, revoke --yes, per-command
// help and "did you mean".
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { runCli } from 'trustpub';
import { baseEnv, runTrustpub, tempDir, writePackage } from './cli-harness.js';
import {
  asUser,
  maintainerEnv,
  runAsMaintainer,
  sandboxUser,
  shown,
  type Maintainer,
} from './fix-support.js';
import { assertNoMintedToken } from './support/tokens.js';
import { listTrust, seededWorkspace, syncArgs, trustpub } from './trust-support.js';
import { useSandbox } from './support/sandbox.js';

let maintainer: Maintainer;

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    maintainer = await sandboxUser(sandbox, false);
  },
});

/**
 * `trust sync --json` of `count` seeded packages by a maintainer with web 2FA, outside a terminal: the
 * person opens every login URL printed, ticking "skip two-factor authentication for 5 minutes" when
 * `skip2fa`. Returns the logins asked for and the JSON report.
 */
async function webSync(scope: string, count: number, skip2fa: boolean) {
  const web = await sandboxUser(sandbox, true);
  const { root, names } = await seededWorkspace(sandbox, `fix-${scope}-`, scope, count);
  let stdout = '';
  let stderr = '';
  const logins: string[] = [];
  const approvals: Promise<unknown>[] = [];
  const code = await runCli(syncArgs(sandbox.registry, '--yes', '--json'), {
    env: { ...baseEnv(), NPM_TOKEN: web.token },
    cwd: root,
    isTTY: false,
    stdout: (t) => void (stdout += t),
    stderr: (t) => {
      stderr += t;
      for (const m of t.matchAll(
        /^ {2}(http:\/\/127\.0\.0\.1:\d+\/-\/trustpub-sandbox\/web-auth\/\S+)$/gm,
      )) {
        logins.push(m[1]!);
        approvals.push(request(`${m[1]!}${skip2fa ? '?skip-2fa' : ''}`).then((r) => r.body.text()));
      }
    },
  });
  await Promise.all(approvals);
  assertNoMintedToken(stdout + stderr, 'trust sync output');
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as { results: Array<{ name: string; status: string }> };
  assert.deepEqual(
    report.results.map((r) => `${r.name} ${r.status}`).sort(),
    names.map((n) => `${n} created`).sort(),
  );
  for (const n of names) assert.equal((await listTrust(sandbox, asUser(web.token), n)).length, 1);
  // `trustpub-sandbox otp` answers for the last user `user` created: the maintainer again, for the rest.
  maintainer = await sandboxUser(sandbox, false);
  return { logins, stderr };
}

test('web 2FA: trust sync of 10 packages asks for one login (skip 2FA for 5 minutes ticked) and configures all', async () => {
  const { logins, stderr } = await webSync('fixweb', 10, true);
  assert.equal(logins.length, 1, `one login for the whole run, not ${logins.length}:\n${stderr}`);
});

test('web 2FA without the 5-minute skip: a new login for each change, never a spent code sent again', async () => {
  const { logins, stderr } = await webSync('fixwebnoskip', 3, false);
  assert.equal(logins.length, 3, stderr);
  assert.doesNotMatch(stderr, /TRUST_OTP_INVALID/);
});

test('--bootstrap without a one-time password outside a terminal publishes no placeholder', async () => {
  const root = tempDir('fix-boot-nootp-');
  writePackage(path.join(root, 'pkg'), { name: '@fix/boot-nootp' });
  const run = await trustpub(
    [
      'trust',
      'github',
      '--repo',
      'acme/monorepo',
      '--file',
      'release.yml',
      '--allow-publish',
      '--bootstrap',
      '--yes',
    ],
    {
      cwd: path.join(root, 'pkg'),
      env: { ...baseEnv(), npm_config_registry: sandbox.registry, NPM_TOKEN: maintainer.token },
    },
  );
  assert.equal(run.code, 1, shown(run));
  assert.match(
    run.stderr,
    /^TRUST_OTP_REQUIRED: Bootstrapping @fix\/boot-nootp publishes a placeholder/m,
  );
  assert.match(run.stderr, /nothing was published/);
  const res = await request(`${sandbox.registry}@fix%2fboot-nootp`);
  await res.body.text();
  assert.equal(res.statusCode, 404, 'no placeholder was published');
});

test('the printed command run twice changes nothing the second time; revoke takes --yes; help lists its own exit codes', async () => {
  const name = '@fix/twice';
  const dir = path.join(tempDir('fix-twice-'), 'pkg');
  writePackage(dir, { name });
  await sandbox.seed(name, '0.0.1');
  const argv = [
    'trust',
    'github',
    name,
    '--repo',
    'acme/monorepo',
    '--file',
    'release.yml',
    '--allow-publish',
    '--replace',
  ];
  await runAsMaintainer(sandbox, maintainer, dir, argv);
  // The second run only reads (no one-time password given, none asked for): nothing to change.
  const again = await trustpub(argv, {
    cwd: dir,
    env: { ...baseEnv(), npm_config_registry: sandbox.registry, NPM_TOKEN: maintainer.token },
    answers: ['y'],
  });
  assert.equal(again.code, 0, shown(again));
  assert.match(again.stdout, /@fix\/twice: already configured this way; nothing changed/);
  const [config] = await listTrust(sandbox, asUser(maintainer.token), name);
  const revoke = await trustpub(['trust', 'revoke', name, '--id', String(config?.id), '--yes'], {
    cwd: dir,
    env: await maintainerEnv(sandbox, maintainer),
  });
  assert.equal(revoke.code, 0, shown(revoke));
  assert.deepEqual(await listTrust(sandbox, asUser(maintainer.token), name), []);
  const help = await runTrustpub(['doctor', '--help'], { cwd: dir, env: baseEnv() });
  assert.match(help.stdout, /Exit codes:\n {2}0 {2}no check found an error/);
  assert.doesNotMatch(
    help.stdout,
    /preflight found problems; nothing was uploaded/,
    "publish's code 3",
  );
  const typo = await runTrustpub(['publish', '--workspace'], { cwd: dir, env: baseEnv() });
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /Unknown option '--workspace'\. Did you mean --workspaces\?/);
});
