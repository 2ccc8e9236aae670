// Every fix command trustpub prints works when a maintainer runs it as printed: a CI job fails, the
// `trustpub trust ...` command in its output is run verbatim at a terminal (a user token and a one-time
// password from `trustpub-sandbox user` / `otp`, the question answered y), and the same job run again
// publishes. Plus a diagnosis that must not suggest a command (self-hosted runner), and a release that
// used to pass while publishing nothing (a private monorepo root without --workspaces).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { CircleciJobOptions } from '@trustpub/sandbox';
import { baseEnv, runTrustpub, tempDir, writeNpmWorkspace, writePackage } from './cli-harness.js';
import {
  asUser,
  printedCommands,
  runAsMaintainer,
  sandboxUser,
  shown,
  type Maintainer,
} from './fix-support.js';
import { circleciTrust } from './support/trust-configs.js';
import { listTrust } from './trust-support.js';
import { useSandbox } from './support/sandbox.js';

let maintainer: Maintainer;

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    maintainer = await sandboxUser(sandbox, false);
  },
});

/** The job fails before any upload and prints exactly one fix command, which is returned. */
async function failingJobFix(
  dir: string,
  env: Record<string, string>,
  expect: { code: string; provider: 'github' | 'gitlab' | 'circleci' },
): Promise<string[]> {
  const run = await runTrustpub(['publish'], { cwd: dir, env });
  const out = shown(run);
  assert.equal(run.code, 3, `the preflight stops the job:\n${out}`);
  assert.match(
    run.stdout,
    /^Nothing was published: the preflight found \d+ problem\(s\) \(above\), so none of the 1 package\(s\) to publish was uploaded/m,
  );
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
  await runAsMaintainer(sandbox, maintainer, dir, argv);
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
  await runAsMaintainer(sandbox, maintainer, dir, argv);
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
  await runAsMaintainer(sandbox, maintainer, dir, argv);
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
  await runAsMaintainer(sandbox, maintainer, dir, argv);
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
  await runAsMaintainer(sandbox, maintainer, dir, argv);
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
