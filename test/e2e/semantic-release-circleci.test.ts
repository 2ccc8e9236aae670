import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CircleciJobOptions } from '@trustpub/sandbox';
import {
  commitAndPush,
  createPackageRepo,
  createRepo,
  errorCodes,
  manifest,
  packument,
  pluginRelease,
  releasedVersion,
  releaseWith,
  remoteTags,
} from './semantic-release-harness.js';
import { circleciTrust } from './support/trust-configs.js';
import { useSandbox } from './support/sandbox.js';

// A CircleCI release job: NPM_ID_TOKEN from the job (the sandbox mints it as `circleci run oidc get`
// would), no provenance (npm makes none on CircleCI).
const sandbox = useSandbox();

/** A job of one CircleCI project, trusted to publish `name` (seeded at 0.0.1). */
async function trustedJob(
  name: string,
  projectId: string,
  vcsOrigin: string,
): Promise<CircleciJobOptions> {
  const job = {
    orgId: '11111111-2222-4333-8444-555555555555',
    projectId,
    pipelineDefinitionId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
    vcsOrigin,
  };
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(name, circleciTrust(job));
  return job;
}

test('semantic-release on CircleCI: a release through NPM_ID_TOKEN', async () => {
  const name = '@acme/sr-circleci';
  const job = await trustedJob(
    name,
    '66666666-7777-4888-9999-aaaaaaaaaaaa',
    'github.com/acme/cci-widgets',
  );
  const repo = await createPackageRepo(name, 'acme/cci-widgets', {});
  await commitAndPush(repo.dir, 'feat: first');
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
  const job = await trustedJob(
    name,
    '66666666-7777-4888-9999-bbbbbbbbbbbb',
    'github.com/acme/cci-prov',
  );
  const repo = await createRepo({
    'package.json': manifest(name, '0.0.0-development', 'acme/cci-prov'),
  });
  await commitAndPush(repo.dir, 'feat: first');
  const run = await releaseWith(repo, await sandbox.ciEnv('circleci', job), { provenance: true });
  assert.deepEqual(errorCodes(run), ['EPROVENANCECI']);
  assert.match(String(run.error?.errors?.[0]?.message), /CircleCI/);
  assert.deepEqual(await remoteTags(repo), []);
});
