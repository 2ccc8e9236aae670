import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox, type Sandbox } from '@trustpub/sandbox';
import {
  commitAndPush,
  createPackageRepo,
  errorCodes,
  packument,
  pluginRelease,
  push,
  releasedVersion,
  releaseWith,
  remoteTags,
  seedAndTrust,
} from './semantic-release-harness.js';
import { git } from './support/git.js';

// Release channels: a release from the `next` branch goes to the `next` dist-tag; merging `next`
// into `main` makes semantic-release call addChannel, which moves `latest` with an exchanged token.
// A registry that refuses exchanged tokens for dist-tags gets a clear error naming fallbackTokenEnv.
const BRANCHES = ['main', { name: 'next', channel: 'next' }];

async function setUp(sandbox: Sandbox, name: string, repoSlug: string) {
  await seedAndTrust(sandbox, name, repoSlug);
  const repo = await createPackageRepo(name, repoSlug, {});
  const envFor = (branch: string) =>
    sandbox.ciEnv('github', {
      repo: repoSlug,
      workflow: 'release.yml',
      ref: `refs/heads/${branch}`,
    });
  await commitAndPush(repo.dir, 'feat: first');
  const first = await releaseWith(repo, await envFor('main'), {}, { branches: BRANCHES });
  assert.equal(first.error, undefined, first.output);
  assert.equal(releasedVersion(first), '1.0.0');
  await git(repo.dir, 'checkout', '--quiet', '-b', 'next');
  await commitAndPush(repo.dir, 'feat: something new');
  const onNext = await releaseWith(repo, await envFor('next'), {}, { branches: BRANCHES });
  assert.equal(onNext.error, undefined, onNext.output);
  assert.equal(releasedVersion(onNext), '1.1.0');
  assert.equal(pluginRelease(onNext)?.name, 'npm package (@next dist-tag)');
  assert.equal(pluginRelease(onNext)?.channel, 'next');
  const doc = await packument(sandbox.registry, name);
  assert.deepEqual(
    { latest: doc?.['dist-tags'].latest, next: doc?.['dist-tags'].next },
    { latest: '1.0.0', next: '1.1.0' },
  );
  // Promote: fast-forward main to next (a new CI job starts from a clean checkout: the version the
  // previous run wrote into package.json is not committed, as no git plugin is configured).
  await git(repo.dir, 'checkout', '--quiet', '--', '.');
  await git(repo.dir, 'checkout', '--quiet', 'main');
  await git(repo.dir, 'merge', '--quiet', '--ff-only', 'next');
  await push(repo.dir);
  return { repo, env: await envFor('main') };
}

test('a release on the next channel, then promotion to latest through addChannel', async () => {
  const sandbox = await startSandbox();
  try {
    const name = '@acme/sr-channels';
    const { repo, env } = await setUp(sandbox, name, 'acme/channels');
    const promote = await releaseWith(repo, env, {}, { branches: BRANCHES });
    assert.equal(promote.error, undefined, promote.output);
    assert.match(promote.output, /Start step "addChannel" of plugin "@trustpub\/semantic-release"/);
    assert.match(promote.output, /Added @acme\/sr-channels@1\.1\.0 to dist-tag @latest/);
    const doc = await packument(sandbox.registry, name);
    assert.equal(doc?.['dist-tags'].latest, '1.1.0');
    assert.equal(doc?.['dist-tags'].next, '1.1.0');
    assert.deepEqual(
      Object.keys(doc?.versions ?? {}).sort(),
      ['0.0.1', '1.0.0', '1.1.0'],
      'promotion publishes nothing new',
    );
    assert.deepEqual((await remoteTags(repo)).sort(), ['v1.0.0', 'v1.1.0']);
  } finally {
    await sandbox.stop();
  }
});

test('addChannel on a registry that refuses exchanged tokens for dist-tags says to configure fallbackTokenEnv', async () => {
  const sandbox = await startSandbox({ exchangedTokensForDistTags: false });
  try {
    const name = '@acme/sr-channels-refused';
    const { repo, env } = await setUp(sandbox, name, 'acme/channels-refused');
    const promote = await releaseWith(repo, env, {}, { branches: BRANCHES });
    assert.ok(promote.error, 'the promotion fails');
    assert.deepEqual(errorCodes(promote), ['EDISTTAGNOAUTH']);
    const error = promote.error?.errors?.[0] ?? promote.error;
    assert.match(String(error?.details), /fallbackTokenEnv/);
    const doc = await packument(sandbox.registry, name);
    assert.equal(doc?.['dist-tags'].latest, '1.0.0', 'latest did not move');
  } finally {
    await sandbox.stop();
  }
});

test('a prerelease branch publishes its prerelease versions to the next dist-tag, latest untouched', async () => {
  const sandbox = await startSandbox();
  try {
    const name = '@acme/sr-prerelease';
    const repoSlug = 'acme/next-prerelease';
    const branches = ['main', { name: 'next', prerelease: true }];
    await seedAndTrust(sandbox, name, repoSlug);
    const repo = await createPackageRepo(name, repoSlug, {});
    await git(repo.dir, 'checkout', '--quiet', '-b', 'next');
    await commitAndPush(repo.dir, 'feat: early access');
    const env = await sandbox.ciEnv('github', {
      repo: repoSlug,
      workflow: 'release.yml',
      ref: 'refs/heads/next',
    });
    const first = await releaseWith(repo, env, {}, { branches });
    assert.equal(first.error, undefined, first.output);
    assert.equal(releasedVersion(first), '1.0.0-next.1');
    assert.equal(pluginRelease(first)?.name, 'npm package (@next dist-tag)');
    await git(repo.dir, 'checkout', '--quiet', '--', '.');
    await commitAndPush(repo.dir, 'fix: early fix');
    const second = await releaseWith(repo, env, {}, { branches });
    assert.equal(second.error, undefined, second.output);
    assert.equal(releasedVersion(second), '1.0.0-next.2');
    const doc = await packument(sandbox.registry, name);
    assert.deepEqual(doc?.['dist-tags'], { latest: '0.0.1', next: '1.0.0-next.2' });
    assert.ok(doc?.versions['1.0.0-next.1']?.dist.attestations);
    assert.deepEqual((await remoteTags(repo)).sort(), ['v1.0.0-next.1', 'v1.0.0-next.2']);
  } finally {
    await sandbox.stop();
  }
});

test('addChannel with a named fallback token where the registry refuses exchanged tokens for dist-tags', async () => {
  const sandbox = await startSandbox({ exchangedTokensForDistTags: false });
  try {
    const name = '@acme/sr-channels-fallback';
    const { repo, env } = await setUp(sandbox, name, 'acme/channels-fallback');
    const { token } = await sandbox.createUserToken();
    const promote = await releaseWith(
      repo,
      { ...env, NPM_TOKEN: token },
      { fallbackTokenEnv: 'NPM_TOKEN' },
      { branches: BRANCHES },
    );
    assert.equal(promote.error, undefined, promote.output);
    assert.match(promote.output, /to dist-tag @latest .*\(the fallback token from NPM_TOKEN\)/);
    assert.ok(!promote.output.includes(token), 'the fallback token is not printed');
    const doc = await packument(sandbox.registry, name);
    assert.equal(doc?.['dist-tags'].latest, '1.1.0');
  } finally {
    await sandbox.stop();
  }
});
