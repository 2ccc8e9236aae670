// The check before the first upload (an untrusted package stops the release before anything is out)
// and the programmatic publish() with --no-git-tag, against the sandbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publish } from '@trustpub/changesets';
import {
  changesetOidc,
  changesetsConfig,
  createRepo,
  localTags,
  npmWorkspaceRoot,
  packument,
  pkg,
  seedAndTrust,
  trustedJobEnv,
} from './changesets-harness.js';
import { assertNoMintedToken } from './support/tokens.js';
import { circleciTrust } from './support/trust-configs.js';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

const npmWorkspace = (packages: Record<string, Record<string, unknown>>) => ({
  ...npmWorkspaceRoot(),
  '.changeset/config.json': changesetsConfig({ access: 'public', format: false }),
  ...Object.fromEntries(
    Object.entries(packages).map(([dir, manifest]) => [`packages/${dir}/package.json`, manifest]),
  ),
});

test('a package without a matching trusted publisher in the second chunk: nothing is published, the cause and the fix are named', async () => {
  await seedAndTrust(sandbox, ['pf-base']);
  // Exists on the registry, but trusts another workflow file.
  await seedAndTrust(sandbox, ['pf-top'], 'acme/widgets', 'other.yml');
  const repo = await createRepo(
    npmWorkspace({
      base: pkg('pf-base', '1.0.0'),
      top: pkg('pf-top', '1.0.0', { dependencies: { 'pf-base': '^1.0.0' } }),
    }),
  );
  const env = await trustedJobEnv(sandbox);
  const run = await changesetOidc(repo.dir, ['publish'], env);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  // pf-top trusts other.yml while the job runs release.yml: the exchange finds no matching publisher, and
  // the fix makes the package trust this job's file (replacing the other publisher); pf-base is fine.
  assert.match(run.stderr, /🦋 {2}error EXCHANGE_NO_TRUSTED_PUBLISHER \(pf-top\): /);
  assert.doesNotMatch(run.stderr, /error EXCHANGE_[A-Z_]+ \(pf-base\)/);
  assert.match(
    run.stderr,
    /fix: .*trustpub trust github pf-top --repo acme\/widgets --file release\.yml .*--replace/,
  );
  assert.match(
    run.stderr,
    /pf-base@1\.0\.0 was not published: Not published: the preflight found 1 problem\(s\); nothing was uploaded/,
  );
  for (const n of ['pf-base', 'pf-top'])
    assert.deepEqual(Object.keys((await packument(sandbox, n)).versions), ['0.0.1']);
  assert.deepEqual(await localTags(repo.dir), []);
});

test('programmatic publish() returns a typed result; gitTag: false creates no tags', async () => {
  await seedAndTrust(sandbox, ['api-one', '@api/two']);
  const repo = await createRepo(
    npmWorkspace({
      one: pkg('api-one', '2.0.0'),
      two: pkg('@api/two', '2.0.0', { dependencies: { 'api-one': '^2.0.0' } }),
    }),
  );
  const env = await trustedJobEnv(sandbox);
  let text = '';
  const result = await publish({
    cwd: repo.dir,
    env: { ...process.env, ...env },
    gitTag: false,
    streams: { stdout: (t) => (text += t), stderr: (t) => (text += t) },
  });
  assert.equal(result.exitCode, 0, text);
  assert.deepEqual(
    result.published.map((p) => `${p.name}@${p.version}:${p.tag}`),
    ['api-one@2.0.0:latest', '@api/two@2.0.0:latest'],
  );
  assert.ok(result.published.every((p) => p.provenance !== undefined));
  assert.deepEqual(result.failed, []);
  assert.deepEqual(result.gitTags, []);
  assert.deepEqual(await localTags(repo.dir), []);
  assert.doesNotMatch(text, /New tag:/);
  assertNoMintedToken(text);
});

test('a GitLab CI job: published with provenance from the job-provided ID tokens, tagged', async () => {
  const names = ['gl-base', '@gl/top'];
  for (const name of names) {
    await sandbox.seed(name, '0.0.1', {
      repository: { type: 'git', url: 'git+https://gitlab.com/acme/widgets.git' },
    });
    await sandbox.setTrust(name, {
      type: 'gitlab',
      claims: { project_path: 'acme/widgets', ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
    });
  }
  const gitlabPkg = (name: string, extra: Record<string, unknown> = {}) => ({
    ...pkg(name, '1.2.0', extra),
    repository: { type: 'git', url: 'git+https://gitlab.com/acme/widgets.git' },
  });
  const repo = await createRepo(
    npmWorkspace({
      base: gitlabPkg('gl-base'),
      top: gitlabPkg('@gl/top', { dependencies: { 'gl-base': '^1.2.0' } }),
    }),
  );
  const env = await sandbox.ciEnv('gitlab', { project: 'acme/widgets' });
  const run = await changesetOidc(repo.dir, ['publish'], env);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  for (const name of names) {
    const dist = (await packument(sandbox, name)).versions['1.2.0']?.dist;
    assert.ok(dist?.attestations, `${name}: provenance`);
  }
  assert.deepEqual(await localTags(repo.dir), ['@gl/top@1.2.0', 'gl-base@1.2.0']);
});

test('a CircleCI job: published with the job ID token (no provenance on CircleCI), tagged', async () => {
  const job = {
    orgId: '0f7f2d6a-0000-4000-8000-000000000001',
    projectId: '0f7f2d6a-0000-4000-8000-000000000002',
    pipelineDefinitionId: '0f7f2d6a-0000-4000-8000-000000000003',
    vcsOrigin: 'github.com/acme/widgets',
  };
  await sandbox.seed('cci-lib', '0.0.1');
  await sandbox.setTrust('cci-lib', circleciTrust(job));
  const repo = await createRepo(npmWorkspace({ lib: pkg('cci-lib', '3.0.0') }));
  const env = await sandbox.ciEnv('circleci', job);
  const run = await changesetOidc(repo.dir, ['publish'], env);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const published = (await packument(sandbox, 'cci-lib')).versions['3.0.0'];
  assert.ok(published, 'published');
  assert.equal(published.dist.attestations, undefined);
  assert.deepEqual(await localTags(repo.dir), ['cci-lib@3.0.0']);
});
