import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commitAndPush,
  createRepo,
  errorCodes,
  manifest,
  packument,
  releaseWith,
  seedAndTrust,
} from './semantic-release-harness.js';
import { useSandbox } from './support/sandbox.js';

// The plugin's `strict` option: a version the registry already has with other contents than this
// build (here published by hand before the release) fails the release before any upload; without
// it the release warns, naming both integrities, and publishes the rest.
const sandbox = useSandbox();

async function workspaceWithChangedVersion(scope: string) {
  const repoSlug = `acme/${scope}`;
  const changed = `@${scope}/changed`;
  const fresh = `@${scope}/fresh`;
  await seedAndTrust(sandbox, changed, repoSlug);
  await seedAndTrust(sandbox, fresh, repoSlug);
  // The release's version (the first release is 1.0.0) is already there, with the seed's bytes.
  await sandbox.seed(changed, '1.0.0');
  const pkg = (dir: string, name: string) => ({
    [`packages/${dir}/package.json`]: manifest(name, '0.0.0', repoSlug, {
      publishConfig: { access: 'public' },
    }),
    [`packages/${dir}/index.js`]: `export const name = ${JSON.stringify(name)};\n`,
  });
  const repo = await createRepo({
    'package.json': { name: `${scope}-root`, private: true },
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
    ...pkg('changed', changed),
    ...pkg('fresh', fresh),
  });
  const env = await sandbox.ciEnv('github', { repo: repoSlug, workflow: 'release.yml' });
  await commitAndPush(repo.dir, 'feat: first release');
  return { repo, env, changed, fresh };
}

test('strict: a version already published with other contents fails the release, nothing uploaded', async () => {
  const { repo, env, changed, fresh } = await workspaceWithChangedVersion('srstrict');
  const run = await releaseWith(repo, env, { workspaces: true, strict: true });
  assert.ok(run.error, run.output);
  assert.deepEqual(errorCodes(run), ['EVERSIONEXISTS'], run.output);
  assert.match(run.error.message, new RegExp(changed));
  assert.equal((await packument(sandbox.registry, fresh))?.versions['1.0.0'], undefined);
});

test('without strict: the same case is a warning naming both integrities, the rest is published', async () => {
  const { repo, env, changed, fresh } = await workspaceWithChangedVersion('srloose');
  const run = await releaseWith(repo, env, { workspaces: true });
  assert.equal(run.error, undefined, run.output);
  assert.match(
    run.output,
    new RegExp(
      `${changed}@1\\.0\\.0 is already on .* but this build's contents differ \\(registry: sha512-`,
    ),
  );
  assert.match(
    run.output,
    /--strict makes this an error\. `--strict` is the plugin option `"strict": true`\./,
  );
  assert.ok((await packument(sandbox.registry, fresh))?.versions['1.0.0'], run.output);
});
