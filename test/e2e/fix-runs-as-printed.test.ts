// Every fix command trustpub prints works when a maintainer runs it as printed: a CI job fails, the
// `trustpub trust ...` command in its output is run verbatim at a terminal (a user token, a one-time
// password, the question answered y), and the same job run again publishes. Plus the two ways a
// release used to pass while publishing nothing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import {
  startSandbox,
  type CircleciJobOptions,
  type Sandbox,
  type UserToken,
} from '@trustpub/sandbox';
import { runCli } from 'trustpub';
import { baseEnv, runTrustpub, tempDir, writeNpmWorkspace, writePackage } from './cli-harness.js';
import { SANDBOX_BIN } from './support/paths.js';
import { runProcess } from './support/processes.js';
import { assertNoMintedToken } from './support/tokens.js';
import { circleciTrust } from './support/trust-configs.js';
import { listTrust, seededWorkspace, syncArgs, trustpub } from './trust-support.js';

let sandbox: Sandbox;
/** The maintainer's token, from `trustpub-sandbox user`, as a person rehearsing gets it. */
let maintainer: { token: string; otp: () => Promise<string> };

before(async () => {
  sandbox = await startSandbox();
  maintainer = await sandboxUser(false);
});

/** A token in the shape listTrust reads (only the token is used to read). */
function asUser(token: string): UserToken {
  return { token, otpSecret: '', otp: () => '' };
}

/** `trustpub-sandbox user [--web-auth] --json` against this sandbox; `otp()` runs `trustpub-sandbox otp`. */
async function sandboxUser(webAuth: boolean): Promise<typeof maintainer> {
  const env = { ...baseEnv(), TRUSTPUB_SANDBOX_DIR: sandbox.dir };
  const cwd = tempDir('fix-user-');
  const created = await runProcess(
    process.execPath,
    [SANDBOX_BIN, 'user', ...(webAuth ? ['--web-auth'] : []), '--json'],
    { cwd, env },
  );
  assert.equal(created.code, 0, created.stderr);
  const { token } = JSON.parse(created.stdout) as { token: string };
  return {
    token,
    otp: async () => {
      const run = await runProcess(process.execPath, [SANDBOX_BIN, 'otp'], { cwd, env });
      assert.equal(run.code, 0, run.stderr);
      return run.stdout.trim();
    },
  };
}
after(async () => {
  await sandbox?.stop();
});

/** A run's output for an assertion message, without the mask lines (they carry the tokens by design). */
function shown(run: { stdout: string; stderr: string }): string {
  return `${run.stdout}${run.stderr}`
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

/** The distinct `trustpub ...` commands a run printed between backticks, as a reader would copy them. */
function printedCommands(text: string): string[] {
  return [...new Set([...text.matchAll(/`(trustpub trust [^`]+)`/g)].map((m) => m[1]!))];
}

/** The job fails before any upload and prints exactly one fix command, which is returned. */
async function failingJobFix(
  dir: string,
  env: Record<string, string>,
  expect: { code: string; provider: 'github' | 'gitlab' | 'circleci' },
): Promise<string[]> {
  const run = await runTrustpub(['publish'], { cwd: dir, env });
  const out = shown(run);
  assert.equal(run.code, 3, `the preflight stops the job:\n${out}`);
  assert.match(out, new RegExp(`\\b${expect.code}\\b`), out);
  const commands = printedCommands(out);
  assert.equal(commands.length, 1, `one fix command, not ${commands.length}:\n${out}`);
  const command = commands[0]!;
  assert.ok(
    command.startsWith(`trustpub trust ${expect.provider} `),
    `a ${expect.provider} job gets a ${expect.provider} command: ${command}`,
  );
  assert.doesNotMatch(command, /["'<>]|\.\.\./, `a command to run, not a template: ${command}`);
  return command.split(/\s+/).slice(1);
}

/** The maintainer runs the printed command at a terminal (answering the question with y). */
async function runAsMaintainer(dir: string, argv: string[]): Promise<void> {
  const run = await trustpub(argv, {
    cwd: dir,
    env: {
      ...baseEnv(),
      npm_config_registry: sandbox.registry,
      NPM_TOKEN: maintainer.token,
      NPM_CONFIG_OTP: await maintainer.otp(),
    },
    answers: ['y'],
  });
  assert.ok(
    !`${run.stdout}${run.stderr}`.includes(maintainer.token),
    'the user token is never printed',
  );
  assert.equal(run.code, 0, `the printed fix works as printed:\n${run.stdout}${run.stderr}`);
}

/** The same job, run again, publishes the package token-free. */
async function jobPublishes(dir: string, env: Record<string, string>, name: string): Promise<void> {
  const run = await runTrustpub(['publish'], { cwd: dir, env });
  assert.equal(run.code, 0, shown(run));
  assert.match(run.stdout, /Published 1, already published 0, skipped 0, failed 0/, shown(run));
  assert.ok(run.stdout.includes(`published          ${name}@1.0.0`), shown(run));
}

test('GitHub: a package not on the registry yet; the printed bootstrap command, then the job publishes', async () => {
  const name = '@fix/gh-new';
  const dir = path.join(tempDir('fix-gh-'), 'pkg');
  writePackage(dir, { name });
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: 'acme/monorepo', workflow: 'release.yml' })),
  };
  const argv = await failingJobFix(dir, env, {
    code: 'EXCHANGE_PACKAGE_NOT_FOUND',
    provider: 'github',
  });
  assert.ok(argv.includes('--bootstrap'), argv.join(' '));
  await runAsMaintainer(dir, argv);
  await jobPublishes(dir, env, name);
});

test('GitLab: a package not on the registry yet gets a GitLab bootstrap command that works', async () => {
  const name = '@fix/gl-new';
  const dir = path.join(tempDir('fix-gl-'), 'pkg');
  writePackage(dir, {
    name,
    extra: { repository: { type: 'git', url: 'git+https://gitlab.com/acme/gl-project.git' } },
  });
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('gitlab', { project: 'acme/gl-project', visibility: 'private' })),
  };
  const argv = await failingJobFix(dir, env, {
    code: 'EXCHANGE_PACKAGE_NOT_FOUND',
    provider: 'gitlab',
  });
  await runAsMaintainer(dir, argv);
  await jobPublishes(dir, env, name);
});

test('CircleCI: a package not on the registry yet gets a CircleCI bootstrap command that works', async () => {
  const name = '@fix/cci-new';
  const dir = path.join(tempDir('fix-cci-'), 'pkg');
  writePackage(dir, { name });
  const job: CircleciJobOptions = {
    orgId: '11111111-2222-4333-8444-555555555555',
    projectId: '22222222-3333-4444-8555-666666666666',
    pipelineDefinitionId: '33333333-4444-4555-8666-777777777777',
    vcsOrigin: 'github.com/acme/monorepo',
  };
  const env = { ...baseEnv(), ...(await sandbox.ciEnv('circleci', job)) };
  const argv = await failingJobFix(dir, env, {
    code: 'EXCHANGE_PACKAGE_NOT_FOUND',
    provider: 'circleci',
  });
  await runAsMaintainer(dir, argv);
  const [config] = await listTrust(sandbox, asUser(maintainer.token), name);
  assert.deepEqual(config?.claims, circleciTrust(job).claims);
  await jobPublishes(dir, env, name);
});

test('a different existing trusted publisher: the printed command replaces it (one per package), then the job publishes', async () => {
  const name = '@fix/gh-mismatch';
  const dir = path.join(tempDir('fix-mismatch-'), 'pkg');
  writePackage(dir, { name });
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(name, {
    type: 'github',
    claims: { repository: 'acme/monorepo', workflow_ref: { file: 'publish.yml' } },
    permissions: ['createPackage'],
  });
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: 'acme/monorepo', workflow: 'release.yml' })),
  };
  const argv = await failingJobFix(dir, env, {
    code: 'EXCHANGE_NO_TRUSTED_PUBLISHER',
    provider: 'github',
  });
  assert.ok(argv.includes('--replace'), `an existing publisher is replaced: ${argv.join(' ')}`);
  await runAsMaintainer(dir, argv);
  const configs = await listTrust(sandbox, asUser(maintainer.token), name);
  assert.equal(configs.length, 1);
  await jobPublishes(dir, env, name);
});

test('a trusted publisher that names an environment the job does not declare: the printed command makes them match', async () => {
  const name = '@fix/gh-env';
  const dir = path.join(tempDir('fix-env-'), 'pkg');
  writePackage(dir, { name });
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(name, {
    type: 'github',
    claims: {
      repository: 'acme/monorepo',
      workflow_ref: { file: 'release.yml' },
      environment: 'npm',
    },
    permissions: ['createPackage'],
  });
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: 'acme/monorepo', workflow: 'release.yml' })),
  };
  const run = await runTrustpub(['publish'], { cwd: dir, env });
  // The other way to fix it (declare the environment in the job) is named too.
  assert.match(run.stderr, /environment: npm|environment/);
  const argv = await failingJobFix(dir, env, {
    code: 'EXCHANGE_NO_TRUSTED_PUBLISHER',
    provider: 'github',
  });
  await runAsMaintainer(dir, argv);
  await jobPublishes(dir, env, name);
});

test('a private monorepo root without --workspaces is a coded error naming --workspaces; nothing is published', async () => {
  const root = tempDir('fix-root-');
  writeNpmWorkspace(root, [{ name: '@fix/ws-a' }, { name: '@fix/ws-b' }]);
  for (const n of ['@fix/ws-a', '@fix/ws-b']) {
    await sandbox.seed(n, '0.0.1');
    await sandbox.setTrust(n, {
      type: 'github',
      claims: { repository: 'acme/monorepo', workflow_ref: { file: 'release.yml' } },
      permissions: ['createPackage'],
    });
  }
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: 'acme/monorepo', workflow: 'release.yml' })),
  };
  const before = sandbox.requests().length;
  for (const command of ['publish', 'doctor']) {
    const run = await runTrustpub([command], { cwd: root, env });
    assert.equal(run.code, 4, `${command}: ${shown(run)}`);
    assert.match(run.stderr, /^CONFIG_PRIVATE_PACKAGE: fixture-root is private/m);
    assert.match(run.stderr, /fix: Pass --workspaces to select the workspace packages/);
  }
  assert.equal(
    sandbox
      .requests()
      .slice(before)
      .filter((r) => r.method === 'PUT').length,
    0,
    'nothing was uploaded',
  );
  const doctor = await runTrustpub(['doctor', '--workspaces'], { cwd: root, env });
  assert.equal(doctor.code, 0, shown(doctor));
  assert.match(
    doctor.stdout,
    /Selected 2 publishable package\(s\): every workspace package under .* \(--workspaces\)\./,
  );
  const publish = await runTrustpub(['publish', '--workspaces'], { cwd: root, env });
  assert.equal(publish.code, 0, shown(publish));
  assert.match(publish.stdout, /Published 2, already published 0, skipped 0, failed 0/);
});

test('web 2FA: trust sync of 10 packages asks for one login (skip 2FA for 5 minutes ticked) and configures all', async () => {
  const web = await sandboxUser(true);
  const { root, names } = await seededWorkspace(sandbox, 'fix-web-', 'fixweb', 10);
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
      // The person opens the printed login URL and ticks "skip two-factor authentication for 5 minutes".
      for (const m of t.matchAll(
        /^ {2}(http:\/\/127\.0\.0\.1:\d+\/-\/trustpub-sandbox\/web-auth\/\S+)$/gm,
      )) {
        logins.push(m[1]!);
        approvals.push(request(`${m[1]!}?skip-2fa`).then((r) => r.body.text()));
      }
    },
  });
  await Promise.all(approvals);
  assertNoMintedToken(stdout + stderr, 'trust sync output');
  assert.equal(code, 0, stderr);
  assert.equal(logins.length, 1, `one login for the whole run, not ${logins.length}:\n${stderr}`);
  const report = JSON.parse(stdout) as { results: Array<{ name: string; status: string }> };
  assert.deepEqual(
    report.results.map((r) => `${r.name} ${r.status}`).sort(),
    names.map((n) => `${n} created`).sort(),
  );
  for (const n of names) assert.equal((await listTrust(sandbox, asUser(web.token), n)).length, 1);
  // `trustpub-sandbox otp` answers for the last user `user` created: the maintainer again, for the rest.
  maintainer = await sandboxUser(false);
});

test('a self-hosted runner: the leading error names the runner, and no trusted-publisher command is suggested', async () => {
  const name = '@fix/gh-selfhosted';
  const dir = path.join(tempDir('fix-selfhosted-'), 'pkg');
  writePackage(dir, { name });
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(name, {
    type: 'github',
    claims: { repository: 'acme/monorepo', workflow_ref: { file: 'release.yml' } },
    permissions: ['createPackage'],
  });
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', {
      repo: 'acme/monorepo',
      workflow: 'release.yml',
      runner: 'self-hosted',
    })),
  };
  const run = await runTrustpub(['publish', '--no-provenance'], { cwd: dir, env });
  const out = shown(run);
  assert.equal(run.code, 3, out);
  const firstError = /^error +(\S+) \[[^\]]+\]: (.*)$/m.exec(run.stderr);
  assert.ok(firstError, out);
  assert.match(firstError[2]!, /self-hosted runner/, `the first error names the cause:\n${out}`);
  assert.deepEqual(printedCommands(out), [], `no publisher to create:\n${out}`);
  assert.doesNotMatch(out, /A trusted publisher that matches this job/);
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
  await runAsMaintainer(dir, argv);
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
    env: {
      ...baseEnv(),
      npm_config_registry: sandbox.registry,
      NPM_TOKEN: maintainer.token,
      NPM_CONFIG_OTP: await maintainer.otp(),
    },
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
