// changeset-oidc publish in a pnpm workspace (workspace: and catalog: ranges) and in pre mode with
// private-package tags and `ignore`, after the real `changeset version` (@changesets/cli 3).
import assert from 'node:assert/strict';
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
  readManifestAt,
  readNdjson,
  seedAndTrust,
  trustedJobEnv,
  versionPackages,
} from './changesets-harness.js';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

const versionOf = (dir: string, rel: string): string => readManifestAt(dir, rel).version;

test('pnpm workspace: workspace: and catalog: ranges are published as real ranges', async () => {
  const a = '@pn/app-lib';
  const b = 'pn-core';
  await seedAndTrust(sandbox, [a, b]);
  const repo = await createRepo({
    'package.json': { name: 'root', private: true },
    'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\ncatalog:\n  left-pad: ^1.3.0\n",
    '.changeset/config.json': changesetsConfig({ access: 'public', format: false }),
    'packages/a/package.json': pkg(a, '1.0.0', {
      dependencies: { [b]: 'workspace:^', 'left-pad': 'catalog:' },
    }),
    'packages/a/index.js': 'export {};\n',
    'packages/b/package.json': pkg(b, '1.0.0'),
    'packages/b/index.js': 'export {};\n',
    '.changeset/green-owls.md': `---\n"${b}": minor\n"${a}": patch\n---\n\nChange.\n`,
  });
  await versionPackages(3, repo.dir);
  // changesets keeps the protocol in the source; only the published manifest may carry real ranges.
  assert.deepEqual(readManifestAt(repo.dir, 'packages/a').dependencies, {
    [b]: 'workspace:^',
    'left-pad': 'catalog:',
  });

  const env = await trustedJobEnv(sandbox);
  const run = await changesetOidc(repo.dir, ['publish'], env);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const published = (await packument(sandbox, a)).versions['1.0.1'];
  assert.deepEqual(published?.dependencies, { [b]: '^1.1.0', 'left-pad': '^1.3.0' });
  assert.deepEqual(await localTags(repo.dir), [`${a}@1.0.1`, `${b}@1.1.0`]);
  assert.deepEqual(actionV1Packages(run.stdout), [`${a}@1.0.1`, `${b}@1.1.0`]);
});

test('pre mode: the pre tag (latest for a package that only ever had prereleases), private packages tagged, ignore respected', async () => {
  const b = 'pre-core';
  const c = '@pre/fresh';
  const ignored = 'pre-ignored';
  await seedAndTrust(sandbox, [b, ignored]);
  // A package whose only releases were prereleases: the registry gave its first one the latest tag.
  await sandbox.seed(c, '1.0.0-next.0', {
    repository: { type: 'git', url: 'git+https://github.com/acme/widgets.git' },
  });
  await sandbox.setTrust(c, {
    type: 'github',
    claims: { repository: 'acme/widgets', workflow_ref: { file: 'release.yml' } },
  });
  const repo = await createRepo({
    ...npmWorkspaceRoot(),
    '.changeset/config.json': changesetsConfig({
      access: 'public',
      format: false,
      ignore: [ignored],
      privatePackages: { version: true, tag: true },
    }),
    'packages/b/package.json': pkg(b, '1.0.0'),
    'packages/c/package.json': pkg(c, '1.0.0-next.0'),
    'packages/app/package.json': { name: 'pre-app', version: '0.1.0', private: true },
    'packages/ignored/package.json': pkg(ignored, '2.0.0'),
    '.changeset/quick-fox.md': `---\n"${b}": minor\n"${c}": patch\n"pre-app": patch\n---\n\nChange.\n`,
  });
  await changeset(3, repo.dir, ['pre', 'enter', 'next']);
  await versionPackages(3, repo.dir, 'Version Packages (next)');
  const vb = versionOf(repo.dir, 'packages/b');
  const vc = versionOf(repo.dir, 'packages/c');
  const vapp = versionOf(repo.dir, 'packages/app');
  assert.match(vb, /^1\.1\.0-next\.\d+$/);
  assert.match(vc, /-next\.\d+$/);

  const env = await trustedJobEnv(sandbox);
  const refused = await changesetOidc(repo.dir, ['publish', '--tag', 'beta'], env);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /CONFIG_INVALID_OPTION: Releasing under a custom tag is not allowed in pre mode/,
  );
  assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');

  const output = path.join(repo.dir, '..', 'out.ndjson');
  const run = await changesetOidc(repo.dir, ['publish', '--output', output], env);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const pb = await packument(sandbox, b);
  assert.equal(pb['dist-tags'].next, vb);
  assert.equal(pb['dist-tags'].latest, '0.0.1', 'latest is untouched in pre mode');
  const pc = await packument(sandbox, c);
  assert.equal(
    pc['dist-tags'].latest,
    vc,
    'only prereleases so far: published to latest, like changesets',
  );
  assert.match(run.stdout, new RegExp(`${c} is being published to latest rather than next`));
  // The ignored package has an unpublished version but is neither published nor tagged.
  assert.deepEqual(Object.keys((await packument(sandbox, ignored)).versions), ['0.0.1']);
  assert.deepEqual(
    await localTags(repo.dir),
    [`${c}@${vc}`, `${b}@${vb}`, `pre-app@${vapp}`].sort(),
  );
  assert.match(run.stdout, /🦋 {2}success found untagged projects:\n🦋 {2}pre-app@/);
  assert.deepEqual(
    actionV1Packages(run.stdout),
    [`${c}@${vc}`, `${b}@${vb}`, `pre-app@${vapp}`].sort(),
  );
  assert.deepEqual(
    readNdjson(output)
      .map((e) => e.packageName)
      .sort(),
    [c, b, 'pre-app'].sort(),
  );
});

test('single-package repository: tagged v<version> like changesets, and the NDJSON names the package', async () => {
  const name = 'solo-widget';
  await seedAndTrust(sandbox, [name]);
  // Outside the project tree: @manypkg would otherwise take the enclosing monorepo for the root.
  const repo = await createRepo(
    {
      'package.json': pkg(name, '1.0.0'),
      'index.js': 'export {};\n',
      '.changeset/config.json': changesetsConfig({ access: 'public', format: false }),
      '.changeset/solo.md': `---\n"${name}": minor\n---\n\nChange.\n`,
    },
    '/tmp',
  );
  try {
    await versionPackages(3, repo.dir);
    const env = await trustedJobEnv(sandbox);
    const output = path.join(repo.dir, '..', 'out.ndjson');
    const run = await changesetOidc(repo.dir, ['publish', '--adapter', 'oidc'], {
      ...env,
      CHANGESETS_OUTPUT: output,
    });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.equal((await packument(sandbox, name))['dist-tags'].latest, '1.1.0');
    assert.deepEqual(await localTags(repo.dir), ['v1.1.0']);
    assert.match(run.stdout, /^🦋 {2}New tag: {2}v1\.1\.0$/m);
    assert.deepEqual(readNdjson(output), [{ type: 'git-tag', tag: 'v1.1.0', packageName: name }]);
  } finally {
    fs.rmSync(path.dirname(repo.dir), { recursive: true, force: true });
  }
});
