import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commitAndPush,
  createRepo,
  errorCodes,
  manifest,
  packument,
  pluginRelease,
  provenanceStatement,
  releasedVersion,
  releaseWith,
  remoteTags,
} from './semantic-release-harness.js';
import { useSandbox } from './support/sandbox.js';

// A GitLab CI release job: NPM_ID_TOKEN for the exchange, SIGSTORE_ID_TOKEN for provenance (required
// here with `provenance: true`), checked on the registry.
const sandbox = useSandbox();

/** Seeds `name` at 0.0.1 and trusts the `.gitlab-ci.yml` pipeline of the GitLab `project` for it. */
async function seedAndTrustProject(name: string, project: string): Promise<void> {
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(name, {
    type: 'gitlab',
    claims: { project_path: project, ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
  });
}

test('semantic-release on GitLab CI: a release with provenance through SIGSTORE_ID_TOKEN', async () => {
  const name = '@acme/sr-gitlab';
  const project = 'acme/tools/gl-widgets';
  await seedAndTrustProject(name, project);
  const repo = await createRepo({
    'package.json': manifest(name, '0.0.0-development', `https://gitlab.com/${project}`),
    'index.js': 'export {};\n',
  });
  const env = await sandbox.ciEnv('gitlab', { project });
  assert.ok(env.SIGSTORE_ID_TOKEN && env.NPM_ID_TOKEN, 'the simulated job declares both id_tokens');
  await commitAndPush(repo.dir, 'feat: first');

  const run = await releaseWith(repo, env, { provenance: true, access: 'public' });
  assert.equal(run.error, undefined, run.output);
  assert.equal(releasedVersion(run), '1.0.0');
  assert.equal(pluginRelease(run)?.channel, 'latest');
  assert.deepEqual(await remoteTags(repo), ['v1.0.0']);
  const doc = await packument(sandbox.registry, name);
  assert.equal(doc?.['dist-tags'].latest, '1.0.0');
  const statement = await provenanceStatement(sandbox.registry, name, '1.0.0');
  // GitLab provenance is SLSA v0.2, as npm makes it.
  assert.equal(statement.predicateType, 'https://slsa.dev/provenance/v0.2');
  assert.match(JSON.stringify(statement.predicate), new RegExp(project.replaceAll('/', '\\/')));
});

test('GitLab CI: provenance required but SIGSTORE_ID_TOKEN not declared fails in verifyConditions, before the tag', async () => {
  const name = '@acme/sr-gitlab-nosig';
  const project = 'acme/tools/gl-nosig';
  await seedAndTrustProject(name, project);
  const repo = await createRepo({
    'package.json': manifest(name, '0.0.0-development', `https://gitlab.com/${project}`),
  });
  const env = Object.fromEntries(
    Object.entries(await sandbox.ciEnv('gitlab', { project })).filter(
      ([key]) => key !== 'SIGSTORE_ID_TOKEN',
    ),
  );
  await commitAndPush(repo.dir, 'feat: first');
  const run = await releaseWith(repo, env, { provenance: true, access: 'public' });
  assert.deepEqual(errorCodes(run), ['ENOSIGSTORETOKEN']);
  assert.match(String(run.error?.errors?.[0]?.message), /SIGSTORE_ID_TOKEN is not set/);
  assert.deepEqual(await remoteTags(repo), []);
  assert.deepEqual(Object.keys((await packument(sandbox.registry, name))?.versions ?? {}), [
    '0.0.1',
  ]);
});
