import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commitAndPush,
  createPackageRepo,
  packument,
  pluginRelease,
  releasedVersion,
  releaseWith,
  remoteTags,
  seedAndTrust,
} from './semantic-release-harness.js';
import { useSandbox } from './support/sandbox.js';

// multi-semantic-release runs one semanticRelease() per package, concurrently, in one process. Two such
// runs with this plugin must not share state: each publishes its own package with its own exchange.
const sandbox = useSandbox();

test('two concurrent semanticRelease() calls in one process publish two packages', async () => {
  const jobs = await Promise.all(
    ['alpha', 'beta'].map(async (id, i) => {
      const name = `@acme/sr-concurrent-${id}`;
      const repoSlug = `acme/concurrent-${id}`;
      await seedAndTrust(sandbox, name, repoSlug);
      const repo = await createPackageRepo(name, repoSlug, {});
      // Different release types, so a run that picked up the other's state would show the wrong version.
      await commitAndPush(repo.dir, i === 0 ? 'feat: alpha feature' : 'fix: beta fix');
      return {
        name,
        repo,
        env: await sandbox.ciEnv('github', { repo: repoSlug, workflow: 'release.yml' }),
      };
    }),
  );
  const runs = await Promise.all(jobs.map((job) => releaseWith(job.repo, job.env)));
  for (const [i, run] of runs.entries()) {
    const job = jobs[i]!;
    assert.equal(run.error, undefined, run.output);
    assert.equal(
      run.output.match(/Trusted publishing verified/g)?.length,
      1,
      'one diagnosis per run',
    );
    assert.equal(releasedVersion(run), '1.0.0', `${job.name}: the first release is 1.0.0`);
    assert.equal(
      pluginRelease(run)?.url,
      new URL(job.name.replace('/', '%2f'), sandbox.registry).href,
    );
    assert.deepEqual(await remoteTags(job.repo), ['v1.0.0']);
    const doc = await packument(sandbox.registry, job.name);
    assert.equal(doc?.['dist-tags'].latest, '1.0.0');
    assert.ok(doc?.versions['1.0.0']?.dist.attestations);
    // Each run's log names only its own package.
    const other = jobs[1 - i]!.name;
    assert.doesNotMatch(
      run.output,
      new RegExp(other.replace('/', '\\/')),
      `${job.name}'s log does not mention ${other}`,
    );
  }
  const exchanges = sandbox
    .requests()
    .filter((r) => r.path.startsWith('/-/npm/v1/oidc/token/exchange/'));
  for (const job of jobs) {
    assert.ok(
      exchanges.some((r) => decodeURIComponent(r.path).endsWith(job.name)),
      `an exchange for ${job.name}`,
    );
  }
});
