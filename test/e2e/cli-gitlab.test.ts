import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseEnv, runTrustpub, tempDir, writeNpmWorkspace } from './cli-harness.js';
import { useSandbox } from './support/sandbox.js';

// A GitLab CI job: NPM_ID_TOKEN from `id_tokens`, the trusted publisher keyed on project_path and the CI file,
// collapsible log sections, and a repository.url on another host reported.

const sandbox = useSandbox();

test('GitLab: publishes through the exchange with collapsible sections; a GitHub repository.url is flagged', async () => {
  const root = tempDir('gitlab-');
  const gitlabRepo = { type: 'git', url: 'git+https://gitlab.com/acme/monorepo.git' };
  writeNpmWorkspace(root, [
    { name: '@acme/gl-a', extra: { repository: gitlabRepo } },
    { name: '@acme/gl-b', dependencies: { '@acme/gl-a': '^1.0.0' } },
  ]);
  for (const name of ['@acme/gl-a', '@acme/gl-b']) {
    await sandbox.seed(name, '0.0.1');
    await sandbox.setTrust(name, {
      type: 'gitlab',
      claims: { project_path: 'acme/monorepo', ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
      permissions: ['createPackage'],
    });
  }
  const env = {
    ...baseEnv(),
    ...(await sandbox.ciEnv('gitlab', { project: 'acme/monorepo', visibility: 'private' })),
  };
  const run = await runTrustpub(['publish', '--workspaces'], { cwd: root, env });
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /Published 2, already published 0, skipped 0, failed 0/);
  // The preflight and the publishing are collapsible sections of the job log (ESC shown as <ESC>); inside,
  // a line per chunk and per finished package, with the count so far.
  const log = run.stderr.split('\u001b').join('<ESC>');
  assert.match(log, /section_start:\d+:trustpub_preflight\[collapsed=true\]\r<ESC>\[0KPreflight/);
  assert.match(log, /section_end:\d+:trustpub_preflight\r/);
  assert.match(
    log,
    /section_start:\d+:trustpub_publish\[collapsed=true\]\r<ESC>\[0KPublishing in 2 chunk\(s\)\n[^]*Chunk 2\/2: 1 package\(s\)\n[^]* {2}\[2\/2\] published: @acme\/gl-b@1\.0\.0 \(chunk 2\/2\)\n[^]*section_end:\d+:trustpub_publish\r/,
  );
  // gl-b's package.json points at GitHub (written by the fixture helper): reported, as a warning without provenance.
  assert.match(
    run.stderr,
    /warning CONFIG_REPOSITORY_MISMATCH \[@acme\/gl-b\]: @acme\/gl-b's package.json "repository" points at acme\/monorepo on github, but this job runs in acme\/monorepo on gitlab/,
  );
  assert.doesNotMatch(run.stderr, /CONFIG_REPOSITORY_MISMATCH \[@acme\/gl-a\]/);
});
