// `changeset pack` in one job and `changeset-oidc publish --from-pack-dir` in another job without a
// build; and a release whose second chunk fails: what was published is tagged, the rest is untouched.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  actionV1Packages,
  changeset,
  changesetOidc,
  changesetsConfig,
  createRepo,
  localTags,
  npmWorkspaceRoot,
  packument,
  pkg,
  readNdjson,
  seedAndTrust,
  trustedJobEnv,
  versionPackages,
} from './changesets-harness.js';
import { assertNoMintedToken } from './support/tokens.js';
import { commitAll, git, writeFiles } from './support/git.js';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

test('changeset pack, then changeset-oidc publish --from-pack-dir in a separate job that does not build', async () => {
  const a = '@pk/app';
  const b = 'pk-core';
  await seedAndTrust(sandbox, [a, b]);
  // The build writes dist/ and logs each run next to the repository, so a build in the publish job would show.
  const build =
    "import fs from 'node:fs'; fs.mkdirSync('dist', { recursive: true }); fs.writeFileSync('dist/index.js', 'export const built = true;\\n'); fs.appendFileSync('../../../build.log', process.cwd() + '\\n');\n";
  const scripts = { prepack: 'node ../../build.mjs' };
  const repo = await createRepo({
    ...npmWorkspaceRoot(),
    '.gitignore': 'dist/\n',
    'build.mjs': build,
    '.changeset/config.json': changesetsConfig({ access: 'public', format: false }),
    'packages/a/package.json': pkg(a, '1.0.0', {
      files: ['dist'],
      scripts,
      dependencies: { [b]: '^1.0.0' },
    }),
    'packages/b/package.json': pkg(b, '1.0.0', { files: ['dist'], scripts }),
    '.changeset/tidy-cats.md': `---\n"${b}": minor\n"${a}": minor\n---\n\nChange.\n`,
  });
  await versionPackages(3, repo.dir);
  await git(repo.dir, 'push', '--quiet', 'origin', 'main');

  // Job 1 (no id-token permission): plan and pack with changesets itself.
  const packDir = path.join(repo.dir, '..', 'pack-artifact');
  await changeset(3, repo.dir, ['pack', '--out-dir', packDir], {
    npm_config_registry: sandbox.registry,
  });
  const buildLog = path.join(repo.dir, '..', 'build.log');
  assert.equal(fs.readFileSync(buildLog, 'utf8').trim().split('\n').length, 2);
  const plan = JSON.parse(fs.readFileSync(path.join(packDir, 'publish-plan.json'), 'utf8')) as {
    plan: { name: string; tarball: { path: string } }[][];
  };
  const tarballOf = (name: string) =>
    path.join(packDir, plan.plan.flat().find((e) => e.name === name)?.tarball.path ?? 'missing');

  // Job 2 (id-token: write): a fresh checkout, no install, no build.
  const clone = path.join(repo.dir, '..', 'publish-job');
  await git(path.dirname(clone), 'clone', '--quiet', repo.remote, clone);
  const env = await trustedJobEnv(sandbox);
  const output = path.join(repo.dir, '..', 'out.ndjson');
  const run = await changesetOidc(clone, ['publish', '--from-pack-dir', packDir], {
    ...env,
    CHANGESETS_OUTPUT: output,
  });
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);

  assert.equal(
    fs.readFileSync(buildLog, 'utf8').trim().split('\n').length,
    2,
    'the publish job ran no build',
  );
  assert.equal(fs.existsSync(path.join(clone, 'packages/a/dist')), false);
  for (const [name, version] of [
    [a, '1.1.0'],
    [b, '1.1.0'],
  ] as const) {
    const integrity = `sha512-${createHash('sha512')
      .update(fs.readFileSync(tarballOf(name)))
      .digest('base64')}`;
    const dist = (await packument(sandbox, name)).versions[version]?.dist as {
      integrity?: string;
      attestations?: unknown;
    };
    assert.equal(dist.integrity, integrity, `${name}: the uploaded tarball is the packed one`);
    assert.ok(dist.attestations, `${name}: provenance`);
  }
  assert.deepEqual(await localTags(clone), [`${a}@1.1.0`, `${b}@1.1.0`]);
  assert.deepEqual(
    readNdjson(output)
      .map((e) => e.tag)
      .sort(),
    [`${a}@1.1.0`, `${b}@1.1.0`],
  );
  assert.deepEqual(actionV1Packages(run.stdout), [`${a}@1.1.0`, `${b}@1.1.0`]);

  // The same artifact published again (a re-run of the job): nothing to do, no duplicate tags.
  const again = await changesetOidc(clone, ['publish', '--from-pack-dir', packDir], {
    ...env,
    CHANGESETS_OUTPUT: output,
  });
  assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
  assert.deepEqual(await localTags(clone), [`${a}@1.1.0`, `${b}@1.1.0`]);
  assert.equal(readNdjson(output).length, 2);
});

test('a failure in the second chunk: the first chunk is published and tagged, later chunks untouched, exit 1 with the cause', async () => {
  const names = { base: 'fail-base', side: 'fail-side', mid: '@fail/mid', top: '@fail/top' };
  await seedAndTrust(sandbox, Object.values(names));
  const broken = {
    prepublishOnly:
      'node -e "console.error(\'cannot build: generated files missing\'); process.exit(3)"',
  };
  const repo = await createRepo({
    ...npmWorkspaceRoot(),
    '.changeset/config.json': changesetsConfig({ access: 'public', format: false }),
    'packages/base/package.json': pkg(names.base, '1.0.0'),
    'packages/side/package.json': pkg(names.side, '1.0.0'),
    'packages/mid/package.json': pkg(names.mid, '1.0.0', {
      scripts: broken,
      dependencies: { [names.base]: '^1.0.0' },
    }),
    'packages/top/package.json': pkg(names.top, '1.0.0', {
      dependencies: { [names.mid]: '^1.0.0' },
    }),
  });
  const env = await trustedJobEnv(sandbox);
  const output = path.join(repo.dir, '..', 'out.ndjson');
  const run = await changesetOidc(repo.dir, ['publish', '--output', output], env);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);

  for (const n of [names.base, names.side])
    assert.deepEqual(Object.keys((await packument(sandbox, n)).versions).sort(), [
      '0.0.1',
      '1.0.0',
    ]);
  for (const n of [names.mid, names.top])
    assert.deepEqual(Object.keys((await packument(sandbox, n)).versions), ['0.0.1']);
  assert.deepEqual(await localTags(repo.dir), [`${names.base}@1.0.0`, `${names.side}@1.0.0`]);
  assert.deepEqual(
    readNdjson(output)
      .map((e) => e.packageName)
      .sort(),
    [names.base, names.side],
  );
  assert.deepEqual(actionV1Packages(run.stdout), [`${names.base}@1.0.0`, `${names.side}@1.0.0`]);
  // The cause, with its code and fix, and what was not published.
  assert.match(
    run.stderr,
    /an error occurred while publishing @fail\/mid: PACK_LIFECYCLE_SCRIPT_FAILED .*prepublishOnly/,
  );
  assert.match(run.stderr, /fix: /);
  assert.match(
    run.stderr,
    /@fail\/top@1\.0\.0 was not published: Not published: it depends on @fail\/mid, which was not published/,
  );
  assert.match(run.stderr, /🦋 {2}error packages failed to publish:/);
  assert.match(run.stdout, /🦋 {2}@fail\/mid@1\.0\.0\n🦋 {2}@fail\/top@1\.0\.0/);
  assert.doesNotMatch(run.stderr, /\n\s+at .*\.js:\d+/, 'no stack trace');

  // Fixed and re-run: exactly what was missing is published; no tag is made twice.
  await writeFiles(repo.dir, {
    'packages/mid/package.json': pkg(names.mid, '1.0.0', {
      dependencies: { [names.base]: '^1.0.0' },
    }),
  });
  await commitAll(repo.dir, 'fix build');
  const rerun = await changesetOidc(repo.dir, ['publish', '--output', output], env);
  assert.equal(rerun.code, 0, `${rerun.stdout}\n${rerun.stderr}`);
  assert.deepEqual(actionV1Packages(rerun.stdout), [`${names.mid}@1.0.0`, `${names.top}@1.0.0`]);
  assert.deepEqual(
    await localTags(repo.dir),
    Object.values(names)
      .map((n) => `${n}@1.0.0`)
      .sort(),
  );
  assert.equal(readNdjson(output).length, 4);
  assertNoMintedToken(fs.readFileSync(output, 'utf8'));
});
