// The job and its trusted publisher, provoked once each through `trustpub doctor` against the sandbox:
// no CI, the id-token permission, forks, self-hosted runners, reusable workflows, environments, and
// the claims printed for a refused exchange. The package's own settings are in cli-doctor-package.test.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runTrustpub, tempDir, writePackage, githubJob } from './cli-harness.js';
import { doctorHelpers, only, useDoctorSandbox, type Finding } from './cli-doctor-support.js';

const sandbox = useDoctorSandbox();
const { doctor } = doctorHelpers(sandbox);

test('a matching job has no findings and exit code 0 (human output says so)', async () => {
  const r = await doctor({ name: '@acme/ok' }, {});
  assert.equal(r.code, 0);
  assert.deepEqual(r.findings, []);
  const dir = tempDir('doctor-human-');
  writePackage(dir, { name: '@acme/ok' });
  const env = await githubJob(sandbox, 'private');
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

test('a refused exchange prints the claims (absent ones marked) and the trusted publisher that would match', async () => {
  const dir = tempDir('doctor-refused-');
  writePackage(dir, { name: '@acme/untrusted' });
  const env = await githubJob(sandbox, 'private');
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
