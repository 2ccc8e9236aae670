import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '@trustpub/sandbox';
import {
  commit,
  errorCodes,
  createRepo,
  manifest,
  packument,
  pluginRelease,
  push,
  releasedVersion,
  releaseWith,
  remoteTags,
} from './semantic-release-harness.js';

// A CircleCI release job: NPM_ID_TOKEN from the job (the sandbox mints it as `circleci run oidc get`
// would), no provenance (npm makes none on CircleCI).
let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox?.stop();
});

test('semantic-release on CircleCI: a release through NPM_ID_TOKEN', async () => {
  const name = '@acme/sr-circleci';
  const job = {
    orgId: '11111111-2222-4333-8444-555555555555',
    projectId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
    pipelineDefinitionId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
    vcsOrigin: 'github.com/acme/cci-widgets',
  };
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(name, {
    type: 'circleci',
    claims: {
      'oidc.circleci.com/org-id': job.orgId,
      'oidc.circleci.com/project-id': job.projectId,
      'oidc.circleci.com/pipeline-definition-id': job.pipelineDefinitionId,
      'oidc.circleci.com/vcs-origin': job.vcsOrigin,
    },
  });
  const repo = await createRepo({
    'package.json': manifest(name, '0.0.0-development', 'acme/cci-widgets', {
      publishConfig: { access: 'public' },
    }),
  });
  await commit(repo.dir, 'feat: first');
  await push(repo.dir);
  const env = await sandbox.ciEnv('circleci', job);
  const run = await releaseWith(repo, env);
  assert.equal(run.error, undefined, run.output);
  assert.equal(releasedVersion(run), '1.0.0');
  assert.equal(pluginRelease(run)?.channel, 'latest');
  assert.equal(run.maskLines, 0, 'no GitHub mask commands outside GitHub Actions');
  assert.deepEqual(await remoteTags(repo), ['v1.0.0']);
  const doc = await packument(sandbox.registry, name);
  assert.equal(doc?.['dist-tags'].latest, '1.0.0');
  assert.equal(doc?.versions['1.0.0']?.dist.attestations, undefined, 'no provenance on CircleCI');
});

test('CircleCI: provenance: true fails in verifyConditions (npm makes none there), before the tag', async () => {
  const name = '@acme/sr-circleci-prov';
  const job = {
    orgId: '11111111-2222-4333-8444-555555555555',
    projectId: '66666666-7777-4888-9999-bbbbbbbbbbbb',
    pipelineDefinitionId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
    vcsOrigin: 'github.com/acme/cci-prov',
  };
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(name, {
    type: 'circleci',
    claims: {
      'oidc.circleci.com/org-id': job.orgId,
      'oidc.circleci.com/project-id': job.projectId,
      'oidc.circleci.com/pipeline-definition-id': job.pipelineDefinitionId,
      'oidc.circleci.com/vcs-origin': job.vcsOrigin,
    },
  });
  const repo = await createRepo({
    'package.json': manifest(name, '0.0.0-development', 'acme/cci-prov'),
  });
  await commit(repo.dir, 'feat: first');
  await push(repo.dir);
  const run = await releaseWith(repo, await sandbox.ciEnv('circleci', job), { provenance: true });
  assert.deepEqual(errorCodes(run), ['EPROVENANCECI']);
  assert.match(String(run.error?.errors?.[0]?.message), /CircleCI/);
  assert.deepEqual(await remoteTags(repo), []);
});
