// changeset-oidc publish in an npm-workspaces changesets repository, versioned by the real
// @changesets/cli 3 and 2, published in a simulated GitHub Actions job against the sandbox.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  actionV1Packages,
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
import { assertNoMintedToken } from './support/tokens.js';
import { git } from './support/git.js';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

for (const major of [3, 2] as const) {
  test(`changesets ${major}: version, then changeset-oidc publish in a GitHub job; a re-run publishes and tags nothing`, async () => {
    const a = `@cs${major}/pkg-a`;
    const b = `cs${major}-pkg-b`;
    await seedAndTrust(sandbox, [a, b]);
    const repo = await createRepo({
      ...npmWorkspaceRoot(),
      // access stays changesets' default "restricted": the scoped package opts out, the unscoped one must never get it.
      '.changeset/config.json': changesetsConfig(major === 3 ? { format: false } : {}),
      'packages/pkg-a/package.json': pkg(a, '1.0.0', {
        dependencies: { [b]: '^1.0.0' },
        publishConfig: { access: 'public' },
      }),
      'packages/pkg-a/index.js': 'export const a = 1;\n',
      'packages/pkg-b/package.json': pkg(b, '1.0.0'),
      'packages/pkg-b/index.js': 'export const b = 1;\n',
      '.changeset/brave-lions.md': `---\n"${b}": minor\n"${a}": patch\n---\n\nA feature.\n`,
    });
    await versionPackages(major, repo.dir);
    const versions = ['packages/pkg-a', 'packages/pkg-b'].map(
      (rel) => readManifestAt(repo.dir, rel).version,
    );
    assert.deepEqual(versions, ['1.0.1', '1.1.0']);

    const env = await trustedJobEnv(sandbox);
    const output = path.join(repo.dir, '..', 'changesets-output.ndjson');
    const run = await changesetOidc(repo.dir, ['publish'], { ...env, CHANGESETS_OUTPUT: output });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);

    const pb = await packument(sandbox, b);
    const pa = await packument(sandbox, a);
    assert.equal(pb['dist-tags'].latest, '1.1.0');
    assert.equal(pa['dist-tags'].latest, '1.0.1');
    assert.deepEqual(pa.versions['1.0.1']?.dependencies, { [b]: '^1.1.0' });
    for (const [p, v] of [
      [pa, '1.0.1'],
      [pb, '1.1.0'],
    ] as const) {
      assert.match(
        String(p.versions[v]?.dist.attestations?.provenance?.predicateType),
        /slsa\.dev\/provenance/,
      );
    }

    // Tags exactly as changesets makes them: annotated name@version, created locally, not pushed.
    assert.deepEqual(await localTags(repo.dir), [`${a}@1.0.1`, `${b}@1.1.0`]);
    assert.equal(await git(repo.dir, 'cat-file', '-t', `${b}@1.1.0`), 'tag');
    assert.equal(await git(repo.remote, 'tag', '--list'), '');
    // changesets/action v2 reads the NDJSON file; v1 reads stdout with its regular expression.
    const events = readNdjson(output);
    assert.deepEqual(
      events.sort((x, y) => String(x.tag).localeCompare(String(y.tag))),
      [
        { type: 'git-tag', tag: `${a}@1.0.1`, packageName: a },
        { type: 'git-tag', tag: `${b}@1.1.0`, packageName: b },
      ],
    );
    assert.deepEqual(actionV1Packages(run.stdout), [`${a}@1.0.1`, `${b}@1.1.0`]);
    assert.match(run.stdout, /🦋 {2}success packages published successfully:/);
    assertNoMintedToken(fs.readFileSync(output, 'utf8'));

    const again = await changesetOidc(repo.dir, ['publish', '--output', output], env);
    assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
    assert.deepEqual(actionV1Packages(again.stdout), []);
    assert.match(again.stderr, /No unpublished projects to publish/);
    assert.deepEqual(await localTags(repo.dir), [`${a}@1.0.1`, `${b}@1.1.0`]);
    assert.equal(readNdjson(output).length, 2);
    assert.deepEqual(Object.keys((await packument(sandbox, b)).versions).sort(), [
      '0.0.1',
      '1.1.0',
    ]);
  });
}
