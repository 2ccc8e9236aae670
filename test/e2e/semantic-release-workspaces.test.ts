import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  commitAndPush,
  createRepo,
  manifest,
  packument,
  pluginRelease,
  readJson,
  releasedVersion,
  releaseWith,
  remoteTags,
  seedAndTrust,
} from './semantic-release-harness.js';
import { useSandbox } from './support/sandbox.js';

// A fixed-version release of a pnpm-style monorepo with `workspace:` dependencies: every publishable
// package gets the version, internal ranges keep their `workspace:` form in the repository and are
// replaced in what is published, and packages go out in dependency order.
const sandbox = useSandbox();

const repoSlug = 'acme/mono';
const pkg = (
  dir: string,
  name: string,
  deps: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) => ({
  [`packages/${dir}/package.json`]: manifest(name, '0.0.0', repoSlug, {
    publishConfig: { access: 'public' },
    ...(Object.keys(deps).length ? { dependencies: deps } : {}),
    ...extra,
  }),
  [`packages/${dir}/index.js`]: `export const name = ${JSON.stringify(name)};\n`,
});

test('workspaces: a pnpm monorepo released with one version, in dependency order', async () => {
  const names = { base: '@acme/ws-base', util: '@acme/ws-util', app: '@acme/ws-app' };
  for (const name of Object.values(names)) {
    await seedAndTrust(sandbox, name, repoSlug);
  }
  const repo = await createRepo({
    'package.json': {
      name: 'mono-root',
      private: true,
      devDependencies: { [names.app]: 'workspace:*' },
    },
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
    // Listed first on purpose: the order of publishing comes from the dependencies, not the directory.
    ...pkg('app', names.app, { [names.util]: 'workspace:*', [names.base]: 'workspace:~' }),
    ...pkg('util', names.util, { [names.base]: 'workspace:^0.0.0' }),
    ...pkg('base', names.base),
    ...pkg('internal', '@acme/ws-internal', { [names.base]: 'workspace:^' }, { private: true }),
  });
  const env = await sandbox.ciEnv('github', { repo: repoSlug, workflow: 'release.yml' });
  await commitAndPush(repo.dir, 'feat: monorepo release');
  const before = sandbox.requests().length;

  const run = await releaseWith(repo, env, { workspaces: true });
  assert.equal(run.error, undefined, run.output);
  assert.equal(releasedVersion(run), '1.0.0');
  assert.equal(pluginRelease(run)?.name, 'npm packages (3) (@latest dist-tag)');
  assert.deepEqual(await remoteTags(repo), ['v1.0.0']);

  // The repository keeps workspace: forms; explicit ranges moved with the version.
  const util = await readJson(path.join(repo.dir, 'packages/util/package.json'));
  assert.equal(util.version, '1.0.0');
  assert.deepEqual(util.dependencies, { [names.base]: 'workspace:^1.0.0' });
  const app = await readJson(path.join(repo.dir, 'packages/app/package.json'));
  assert.deepEqual(app.dependencies, { [names.util]: 'workspace:*', [names.base]: 'workspace:~' });
  const internal = await readJson(path.join(repo.dir, 'packages/internal/package.json'));
  assert.equal(internal.version, '0.0.0', 'private packages keep their version');

  // What was published has real ranges, as pnpm writes them.
  const published = async (name: string) =>
    (await packument(sandbox.registry, name))?.versions['1.0.0'];
  assert.deepEqual((await published(names.util))?.dependencies, { [names.base]: '^1.0.0' });
  assert.deepEqual((await published(names.app))?.dependencies, {
    [names.util]: '1.0.0',
    [names.base]: '~1.0.0',
  });
  assert.ok((await published(names.base))?.dist.attestations, 'provenance on every package');
  assert.equal(
    await packument(sandbox.registry, '@acme/ws-internal'),
    undefined,
    'the private package is not published',
  );

  // Dependency order: base before util before app.
  const puts = sandbox
    .requests()
    .slice(before)
    .filter((r) => r.method === 'PUT' && r.server === 'registry')
    .map((r) => decodeURIComponent(r.path.slice(1)));
  assert.deepEqual(puts, [names.base, names.util, names.app]);
});

test('workspaces: a package failing at publish stops its dependents, and the error says what was and was not published', async () => {
  const names = { base: '@acme/wf-base', util: '@acme/wf-util', app: '@acme/wf-app' };
  for (const name of Object.values(names)) {
    await seedAndTrust(sandbox, name, repoSlug);
  }
  const repo = await createRepo({
    'package.json': { name: 'mono-root', private: true },
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
    ...pkg('base', names.base),
    // Passes the diagnosis (its trust is fine) and fails while packing: a prepack script that exits 1.
    ...pkg(
      'util',
      names.util,
      { [names.base]: 'workspace:^' },
      { scripts: { prepack: 'node -e "process.exit(1)"' } },
    ),
    ...pkg('app', names.app, { [names.util]: 'workspace:*' }),
  });
  await commitAndPush(repo.dir, 'feat: release that breaks halfway');
  const run = await releaseWith(
    repo,
    await sandbox.ciEnv('github', { repo: repoSlug, workflow: 'release.yml' }),
    { workspaces: true },
  );
  assert.ok(run.error, 'the release fails');
  const codes = (run.error.errors ?? [run.error]).map((e) => e.code);
  assert.ok(codes.includes('EWORKSPACEPUBLISH'), `codes: ${codes.join(', ')}`);
  assert.ok(codes.includes('ELIFECYCLESCRIPT'), `codes: ${codes.join(', ')}`);
  const summary = (run.error.errors ?? []).find((e) => e.code === 'EWORKSPACEPUBLISH');
  assert.match(String(summary?.details), /Published: `@acme\/wf-base@1\.0\.0`/);
  assert.match(
    String(summary?.details),
    /Not published: .*@acme\/wf-util@1\.0\.0.*@acme\/wf-app@1\.0\.0|Not published: .*@acme\/wf-app@1\.0\.0.*@acme\/wf-util@1\.0\.0/,
  );
  assert.match(String(summary?.details), /trustpub publish --workspaces/);
  assert.equal((await packument(sandbox.registry, names.base))?.['dist-tags'].latest, '1.0.0');
  assert.equal((await packument(sandbox.registry, names.util))?.['dist-tags'].latest, '0.0.1');
  assert.equal(
    (await packument(sandbox.registry, names.app))?.['dist-tags'].latest,
    '0.0.1',
    'a dependent of a failure is never published',
  );
});
