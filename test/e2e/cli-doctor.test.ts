import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startSandbox, type GithubJobOptions, type Sandbox } from '@trustpub/sandbox';
import {
  baseEnv,
  REPO,
  runTrustpub,
  tempDir,
  trust,
  WORKFLOW,
  writeNpmWorkspace,
  writePackage,
  type FixturePackage,
} from './cli-harness.js';

// Every pre-flight check, provoked once through `trustpub doctor` against the sandbox.

interface Finding {
  code: string;
  severity: string;
  packageName?: string;
  message: string;
  hint: string;
}

let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox();
  for (const name of [
    '@acme/ok',
    '@acme/envpkg',
    'plain-unscoped',
    '@acme/elsewhere',
    '@acme/untrusted',
  ])
    await sandbox.seed(name, '0.0.1');
  for (const name of ['@acme/ok', 'plain-unscoped', '@acme/elsewhere']) await trust(sandbox, name);
  await trust(sandbox, '@acme/envpkg', { environment: 'production' });
});

after(async () => {
  await sandbox?.stop();
});

async function doctor(
  p: FixturePackage,
  job: Partial<GithubJobOptions> | undefined,
  opts: { args?: string[]; env?: Record<string, string | undefined>; npmrc?: string } = {},
): Promise<{ code: number; findings: Finding[]; stdout: string; stderr: string }> {
  const dir = tempDir('doctor-');
  writePackage(dir, p);
  if (opts.npmrc) fs.writeFileSync(path.join(dir, '.npmrc'), opts.npmrc);
  const ci = job
    ? await sandbox.ciEnv('github', {
        repo: REPO,
        workflow: WORKFLOW,
        visibility: 'private',
        ...job,
      })
    : { npm_config_registry: sandbox.registry };
  const env: Record<string, string> = { ...baseEnv(), ...ci };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const run = await runTrustpub(['doctor', '--json', ...(opts.args ?? [])], { cwd: dir, env });
  const parsed = JSON.parse(run.stdout) as { ok: boolean; findings: Finding[] };
  assert.equal(parsed.ok, run.code === 0);
  return { code: run.code, findings: parsed.findings, stdout: run.stdout, stderr: run.stderr };
}

const only = (findings: Finding[], code: string): Finding => {
  const hit = findings.filter((f) => f.code === code);
  assert.equal(hit.length, 1, `one ${code} in ${JSON.stringify(findings, null, 2)}`);
  return hit[0] as Finding;
};

test('a matching job has no findings and exit code 0 (human output says so)', async () => {
  const r = await doctor({ name: '@acme/ok' }, {});
  assert.equal(r.code, 0);
  assert.deepEqual(r.findings, []);
  const dir = tempDir('doctor-human-');
  writePackage(dir, { name: '@acme/ok' });
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: REPO, workflow: WORKFLOW, visibility: 'private' })),
  };
  const human = await runTrustpub(['doctor'], { cwd: dir, env });
  assert.equal(human.code, 0);
  assert.match(
    human.stdout,
    /Checked 1 package\(s\) to publish: @acme\/ok@1\.0\.0\.\nNo problems found/,
  );
});

test('not in a supported CI', async () => {
  const r = await doctor({ name: '@acme/ok' }, undefined);
  assert.equal(r.code, 1);
  assert.match(only(r.findings, 'CI_NOT_DETECTED').message, /No supported CI was detected/);
});

test('GitHub job without id-token: write', async () => {
  const r = await doctor(
    { name: '@acme/ok' },
    {},
    { env: { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined } },
  );
  assert.equal(r.code, 1);
  const f = only(r.findings, 'ID_TOKEN_PERMISSION_MISSING');
  assert.match(f.message, /did not provide ACTIONS_ID_TOKEN_REQUEST_URL/);
  assert.match(f.hint, /id-token: write/);
});

test('pull request from a fork', async () => {
  const event = path.join(tempDir('event-'), 'event.json');
  fs.writeFileSync(
    event,
    JSON.stringify({
      pull_request: { head: { repo: { fork: true, full_name: 'mallory/monorepo' } } },
    }),
  );
  const r = await doctor(
    { name: '@acme/ok' },
    {},
    {
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
      },
    },
  );
  assert.equal(r.code, 1);
  assert.match(only(r.findings, 'ID_TOKEN_FORK_PULL_REQUEST').message, /pull request from a fork/);
});

test('self-hosted runner', async () => {
  const r = await doctor({ name: '@acme/ok' }, { runner: 'self-hosted' });
  assert.equal(r.code, 1);
  const f = only(r.findings, 'PROVENANCE_SELF_HOSTED_RUNNER');
  assert.match(f.message, /self-hosted runner/);
  assert.match(f.hint, /GitHub-hosted runner/);
});

test('reusable workflow: the trusted publisher must name the calling workflow', async () => {
  const r = await doctor(
    { name: '@acme/ok' },
    { jobWorkflowRef: 'acme/shared/.github/workflows/publish.yml@refs/heads/main' },
  );
  assert.equal(r.code, 0, 'a warning does not fail doctor');
  const f = only(r.findings, 'EXCHANGE_NO_TRUSTED_PUBLISHER');
  assert.equal(f.severity, 'warning');
  assert.match(
    f.message,
    /reusable workflow: job_workflow_ref is "acme\/shared\/\.github\/workflows\/publish\.yml@refs\/heads\/main"/,
  );
  assert.match(f.hint, /"release\.yml"/);
});

test('environment mismatch: no environment, then the wrong one', async () => {
  const none = only(
    (await doctor({ name: '@acme/envpkg' }, {})).findings,
    'EXCHANGE_NO_TRUSTED_PUBLISHER',
  );
  assert.match(none.message, /environment: \(missing\)/);
  // Offered as something to check (the registry does not say which field failed), not as the finding.
  assert.match(
    none.message,
    /Also check the environment: the job declares none, so a trusted publisher that names one would not match/,
  );
  // The headline is the registry's verdict; the environment comes last, after the publisher that matches.
  assert.match(
    none.message.split('\n')[0] ?? '',
    /^No trusted publisher of @acme\/envpkg matches this job's ID token \(HTTP 404/,
  );
  assert.match(
    none.message,
    /A trusted publisher that matches this job:[^]*\n {2}Also check the environment:/,
  );
  const wrong = await doctor({ name: '@acme/envpkg' }, { environment: 'staging' });
  assert.equal(wrong.code, 1);
  const f = only(wrong.findings, 'EXCHANGE_NO_TRUSTED_PUBLISHER');
  assert.match(f.message, /Also check the environment: the job runs in "staging"/);
  assert.match(
    f.hint,
    /trustpub trust github @acme\/envpkg --repo acme\/monorepo --file release\.yml --env staging/,
  );
  assert.equal((await doctor({ name: '@acme/envpkg' }, { environment: 'production' })).code, 0);
});

test('a package that does not exist yet says how to bootstrap it', async () => {
  const r = await doctor({ name: '@acme/new' }, {});
  assert.equal(r.code, 1);
  const f = only(r.findings, 'EXCHANGE_PACKAGE_NOT_FOUND');
  assert.match(f.message, /@acme\/new does not exist on http:\/\/127\.0\.0\.1:\d+\/ yet/);
  assert.match(
    f.hint,
    /trustpub trust github @acme\/new --repo acme\/monorepo --file release\.yml --allow-publish --bootstrap/,
  );
});

test('write tokens that would mask OIDC: NPM_TOKEN, the setup-node placeholder, a literal .npmrc token', async () => {
  const host = new URL(sandbox.registry).host;
  const r = await doctor(
    { name: '@acme/ok' },
    {},
    {
      env: { NPM_TOKEN: 'npm_leftoverWriteToken0123', NODE_AUTH_TOKEN: 'XXXXX-XXXXX-XXXXX-XXXXX' },
      npmrc: `//${host}/:_authToken=npm_literalWriteToken4567\n`,
    },
  );
  assert.equal(r.code, 0, 'warnings only');
  const masks = r.findings.filter((f) => f.code === 'CONFIG_WRITE_TOKEN_MASKS_OIDC');
  assert.equal(masks.length, 3, JSON.stringify(r.findings));
  assert.ok(masks.some((f) => /NPM_TOKEN is set/.test(f.message)));
  assert.ok(masks.some((f) => /placeholder actions\/setup-node writes/.test(f.message)));
  assert.ok(masks.some((f) => /An \.npmrc configures an _authToken/.test(f.message)));
  const unmasked = (r.stdout + r.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
  assert.doesNotMatch(unmasked.join('\n'), /npm_leftoverWriteToken0123|npm_literalWriteToken4567/);
  // Masked for the job log the moment they were read.
  assert.match(r.stderr, /^::add-mask::npm_leftoverWriteToken0123$/m);
});

test('repository.url that does not match the CI repository (provenance on)', async () => {
  const r = await doctor(
    { name: '@acme/elsewhere', extra: { repository: 'github:someone/fork' } },
    { visibility: 'public' },
  );
  assert.equal(r.code, 1);
  const f = only(r.findings, 'CONFIG_REPOSITORY_MISMATCH');
  assert.match(
    f.message,
    /points at someone\/fork on github, but this job runs in acme\/monorepo on github; npmjs refuses provenance/,
  );
  assert.match(f.hint, /git\+https:\/\/github\.com\/acme\/monorepo\.git/);
});

test('private repository with provenance requested', async () => {
  const r = await doctor(
    { name: '@acme/ok' },
    { visibility: 'private' },
    { args: ['--provenance'] },
  );
  assert.equal(r.code, 1);
  assert.match(only(r.findings, 'PROVENANCE_PRIVATE_REPOSITORY').message, /repository is private/);
});

test('restricted access on an unscoped name', async () => {
  const r = await doctor({ name: 'plain-unscoped' }, {}, { args: ['--access', 'restricted'] });
  assert.equal(r.code, 1);
  assert.match(
    only(r.findings, 'CONFIG_RESTRICTED_UNSCOPED').message,
    /unscoped packages are always public/,
  );
});

test('a refused exchange prints the claims (absent ones marked) and the trusted publisher that would match', async () => {
  const dir = tempDir('doctor-refused-');
  writePackage(dir, { name: '@acme/untrusted' });
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: REPO, workflow: WORKFLOW, visibility: 'private' })),
  };
  const run = await runTrustpub(['doctor'], { cwd: dir, env });
  assert.equal(run.code, 1);
  assert.match(
    run.stdout,
    /error {3}EXCHANGE_NO_TRUSTED_PUBLISHER \[@acme\/untrusted\]: No trusted publisher of @acme\/untrusted matches/,
  );
  assert.match(run.stdout, /repository: acme\/monorepo/);
  assert.match(
    run.stdout,
    /workflow_ref: acme\/monorepo\/\.github\/workflows\/release\.yml@refs\/heads\/main/,
  );
  assert.match(run.stdout, /environment: \(missing\)/);
  assert.match(run.stdout, /workflow file: release\.yml/);
  // One command, with the permission flag `trustpub trust` requires (without it, it refuses) and
  // --replace: the package exists, and the registry allows one publisher, so a different one is replaced.
  const command =
    'trustpub trust github @acme/untrusted --repo acme/monorepo --file release.yml --allow-publish --replace';
  const hint = `Compare the claims in the details with the package's trusted publisher (repository, workflow file name (such as release.yml), environment; all case-sensitive), or make it match this job from a machine logged in to npm: \`${command}\` (--replace swaps a different publisher for this one: the registry allows one per package).`;
  const fixLines = run.stdout.split('\n').filter((l) => l.trim().startsWith('fix:'));
  assert.deepEqual(
    fixLines.map((l) => l.trim()),
    [`fix: ${hint}`],
  );
  assert.match(run.stdout, /1 problem\(s\) would make publishing fail/);
  const json = await runTrustpub(['doctor', '--json'], { cwd: dir, env });
  const finding = only(
    (JSON.parse(json.stdout) as { findings: Finding[] }).findings,
    'EXCHANGE_NO_TRUSTED_PUBLISHER',
  );
  assert.equal(finding.hint, hint);
});

test('versions already on the registry are still checked: a trust mismatch is found, and the output says they are published', async () => {
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: REPO, workflow: WORKFLOW, visibility: 'private' })),
  };
  // Both seeded at 0.0.1: publish would skip them, but the exchange must still be tried.
  const root = tempDir('doctor-published-');
  writeNpmWorkspace(root, [
    { name: '@acme/ok', version: '0.0.1' },
    { name: '@acme/untrusted', version: '0.0.1' },
  ]);
  const json = await runTrustpub(['doctor', '--workspaces', '--json'], { cwd: root, env });
  assert.equal(json.code, 1, json.stdout + json.stderr);
  const parsed = JSON.parse(json.stdout) as {
    toPublish: string[];
    alreadyPublished: string[];
    findings: Finding[];
  };
  assert.deepEqual(parsed.toPublish, []);
  assert.deepEqual(parsed.alreadyPublished.sort(), ['@acme/ok@0.0.1', '@acme/untrusted@0.0.1']);
  assert.equal(
    only(parsed.findings, 'EXCHANGE_NO_TRUSTED_PUBLISHER').packageName,
    '@acme/untrusted',
  );
  const human = await runTrustpub(['doctor', '--workspaces'], { cwd: root, env });
  assert.equal(human.code, 1);
  assert.match(
    human.stdout,
    /Nothing new to publish: every selected version is already on the registry\. Checked them anyway \(trusted publisher, settings\): /,
  );
  assert.doesNotMatch(human.stdout, /No problems found/);
  // A trusted package whose version is published: the setup is confirmed, not just "nothing to do".
  const single = tempDir('doctor-published-ok-');
  writePackage(single, { name: '@acme/ok', version: '0.0.1' });
  const ok = await runTrustpub(['doctor'], { cwd: single, env });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(
    ok.stdout,
    /Checked them anyway \(trusted publisher, settings\): @acme\/ok@0\.0\.1\.\nNo problems found: publishing a new version should work\./,
  );
});

test('a selected package needs a workspace package the release leaves out: unpublished, private, or satisfied', async () => {
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: REPO, workflow: WORKFLOW, visibility: 'private' })),
  };
  const root = tempDir('doctor-deps-');
  const write = (range: string) =>
    writeNpmWorkspace(root, [
      {
        name: '@acme/ok',
        version: '1.0.0',
        dependencies: { '@acme/elsewhere': range, 'internal-tool': 'workspace:*' },
      },
      { name: '@acme/elsewhere', version: '2.0.0' },
      { name: 'internal-tool', version: '1.0.0', private: true },
    ]);
  write('workspace:^');
  // Only @acme/ok: the registry has @acme/elsewhere 0.0.1, which ^2.0.0 does not accept.
  const alone = await runTrustpub(['doctor', '--workspaces', 'packages/ok', '--json'], {
    cwd: root,
    env,
  });
  assert.equal(alone.code, 1, alone.stdout + alone.stderr);
  const found = (JSON.parse(alone.stdout) as { findings: Finding[] }).findings.filter(
    (f) => f.code === 'RELEASE_DEPENDENCY_UNPUBLISHED',
  );
  assert.deepEqual(
    found.map((f) => [f.severity, f.packageName]),
    [
      ['error', '@acme/ok'],
      ['error', '@acme/ok'],
    ],
  );
  const missing = found.find((f) => f.message.includes('@acme/elsewhere'));
  assert.equal(
    missing?.message,
    `@acme/ok@1.0.0 depends on @acme/elsewhere ^2.0.0 (dependencies), but no version of @acme/elsewhere on ${sandbox.registry} satisfies it (it has 0.0.1), and this release leaves @acme/elsewhere out (its workspace version is 2.0.0). Installing @acme/ok@1.0.0 would fail.`,
  );
  assert.match(missing?.hint ?? '', /^Publish @acme\/elsewhere in the same release/);
  const internal = found.find((f) => f.message.includes('internal-tool'));
  assert.match(
    internal?.message ?? '',
    /internal-tool 1\.0\.0 \(dependencies\), but internal-tool is private/,
  );

  // With its dependency in the release, only the private one is left.
  const both = await runTrustpub(
    ['doctor', '--workspaces', 'packages/ok', 'packages/elsewhere', '--json'],
    { cwd: root, env },
  );
  const left = (JSON.parse(both.stdout) as { findings: Finding[] }).findings.filter(
    (f) => f.code === 'RELEASE_DEPENDENCY_UNPUBLISHED',
  );
  assert.deepEqual(
    left.map((f) => f.message.includes('internal-tool')),
    [true],
  );

  // The publish's preflight runs the same check: nothing is uploaded.
  const puts = () => sandbox.requests().filter((r) => r.method === 'PUT').length;
  const putsBefore = puts();
  const publish = await runTrustpub(['publish', '--workspaces', 'packages/ok'], {
    cwd: root,
    env,
  });
  assert.equal(publish.code, 3, publish.stdout + publish.stderr);
  assert.match(publish.stderr, /error {3}RELEASE_DEPENDENCY_UNPUBLISHED \[@acme\/ok\]: /);
  assert.equal(puts(), putsBefore);

  // A range the registry satisfies is no finding.
  write('^0.0.1');
  const satisfied = await runTrustpub(['doctor', '--workspaces', 'packages/ok', '--json'], {
    cwd: root,
    env,
  });
  const none = (JSON.parse(satisfied.stdout) as { findings: Finding[] }).findings.filter(
    (f) => f.code === 'RELEASE_DEPENDENCY_UNPUBLISHED' && f.message.includes('@acme/elsewhere'),
  );
  assert.deepEqual(none, []);
});
