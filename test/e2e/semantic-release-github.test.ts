import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { createContext, verifyPublished } from '@trustpub/core';
import {
  commitAndPush,
  createPackageRepo,
  createRepo,
  manifest,
  packument,
  pluginRelease,
  provenanceStatement,
  readJson,
  releasedVersion,
  releaseWith,
  remoteTags,
  seedAndTrust,
} from './semantic-release-harness.js';
import { useSandbox } from './support/sandbox.js';

// A GitHub Actions release job: the first release of a package that already exists on the registry
// (seeded, trusted publisher configured), then a fix release, both through trusted publishing with
// provenance, checked on the registry and in the git remote. Once with semantic-release 25, once with 24.
const sandbox = useSandbox();

for (const version of [25, 24] as const) {
  test(`semantic-release ${version} on GitHub Actions: first release of a seeded package, then a fix release`, async () => {
    const name = `@acme/sr-github-${version}`;
    // (A sandbox Fulcio bug makes some claim lengths fail signing at random, e.g. acme/widgets-24; see the report.)
    const repoSlug = `acme/gh-widgets-${version}`;
    await seedAndTrust(sandbox, name, repoSlug);
    const repo = await createPackageRepo(name, repoSlug, {
      'index.js': 'export const answer = 42;\n',
    });
    const env = await sandbox.ciEnv('github', { repo: repoSlug, workflow: 'release.yml' });

    await commitAndPush(repo.dir, 'feat: the first feature');
    // Under 24 the tarball is also packed into tarballDir by prepare; publish then uploads that file.
    const options = version === 24 ? { tarballDir: 'release-tarballs' } : {};
    const first = await releaseWith(repo, env, options, { version });
    assert.equal(first.error, undefined, `first release failed:\n${first.output}`);
    assert.equal(releasedVersion(first), '1.0.0');
    const release = pluginRelease(first);
    assert.ok(release, 'the plugin reported a release');
    assert.equal(release.name, 'npm package (@latest dist-tag)');
    assert.equal(release.channel, 'latest');
    assert.equal(release.url, new URL(name.replace('/', '%2f'), sandbox.registry).href);
    assert.ok(first.maskLines > 0, 'tokens minted during the run are masked on GitHub');
    // The run's state carries from verifyConditions to publish: the diagnosis ran once, not again.
    assert.equal(first.output.match(/Trusted publishing verified/g)?.length, 1, first.output);
    assert.deepEqual(await remoteTags(repo), ['v1.0.0']);
    assert.equal((await readJson(path.join(repo.dir, 'package.json'))).version, '1.0.0');

    await commitAndPush(repo.dir, 'fix: a bug');
    const second = await releaseWith(repo, env, options, { version });
    assert.equal(second.error, undefined, `fix release failed:\n${second.output}`);
    assert.equal(releasedVersion(second), '1.0.1');
    assert.deepEqual((await remoteTags(repo)).sort(), ['v1.0.0', 'v1.0.1']);

    const doc = await packument(sandbox.registry, name);
    assert.ok(doc);
    assert.equal(doc['dist-tags'].latest, '1.0.1');
    assert.deepEqual(Object.keys(doc.versions).sort(), ['0.0.1', '1.0.0', '1.0.1']);
    if (version === 24) {
      const file = path.join(repo.dir, 'release-tarballs', `acme-sr-github-24-1.0.1.tgz`);
      const integrity = `sha512-${createHash('sha512')
        .update(await readFile(file))
        .digest('base64')}`;
      assert.equal(
        doc.versions['1.0.1']?.dist.integrity,
        integrity,
        'the registry holds exactly the tarball prepare wrote',
      );
    }
    for (const v of ['1.0.0', '1.0.1']) {
      assert.ok(doc.versions[v]?.dist.attestations, `${v} carries dist.attestations`);
      // The attestation's Sigstore bundle verifies against the sandbox's trusted root, for this
      // repository and workflow, and covers the tarball the registry serves.
      const verified = await verifyPublished(
        {
          name,
          version: v,
          registry: sandbox.registry,
          provenance: true,
          repository: repoSlug,
          workflowPath: '.github/workflows/release.yml',
        },
        createContext({ env, onSecret: () => {} }),
      );
      assert.ok(verified, `${name}@${v} verifies`);
      const statement = await provenanceStatement(sandbox.registry, name, v);
      assert.equal(statement.subject[0]?.name, `pkg:npm/${name.replace('@', '%40')}@${v}`);
      assert.equal(
        statement.predicate.buildDefinition?.externalParameters?.workflow?.repository,
        `https://github.com/${repoSlug}`,
      );
    }
  });
}

test('npmPublish: false writes the version and publishes nothing', async () => {
  const name = '@acme/sr-no-publish';
  const repoSlug = 'acme/no-publish';
  await sandbox.seed(name, '0.0.1');
  const repo = await createRepo({ 'package.json': manifest(name, '0.0.0-development', repoSlug) });
  await commitAndPush(repo.dir, 'feat: something');
  const run = await releaseWith(
    repo,
    await sandbox.ciEnv('github', { repo: repoSlug, workflow: 'release.yml' }),
    { npmPublish: false },
  );
  assert.equal(run.error, undefined, run.output);
  assert.equal(releasedVersion(run), '1.0.0');
  assert.equal((await readJson(path.join(repo.dir, 'package.json'))).version, '1.0.0');
  assert.match(run.output, /npmPublish is false/);
  assert.deepEqual(Object.keys((await packument(sandbox.registry, name))?.versions ?? {}), [
    '0.0.1',
  ]);
});
