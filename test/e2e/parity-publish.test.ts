// Parity step B: every fixture is published once by trustpub's publishPackage and once by the real
// npm 11 CLI (both through OIDC in the same simulated GitHub job) to two separate sandboxes; the stored
// tarballs and the stored manifests are then compared. Only fields that name the publishing tool or the
// registry's own address may differ; workspace:/catalog: ranges are compared against the replaced
// values (npm publishes them literally).
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createContext, publishPackage } from '@trustpub/core';
import { startSandbox, type Sandbox } from '@trustpub/sandbox';
import {
  CASES,
  caseTitle,
  copyCase,
  copyFixture,
  npmPack,
  type ParityCase,
  readTar,
  runNpm,
} from './parity-support.js';

const REPO = 'parity-org/parity';
let ours: Sandbox;
let theirs: Sandbox;

/** The package names and versions the corpus publishes (read from the fixtures). */
async function target(c: ParityCase): Promise<{ name: string; version: string }> {
  const { readFile } = await import('node:fs/promises');
  const { FIXTURES } = await import('./parity-support.js');
  const dir = path.join(FIXTURES, c.fixture, c.pkg, c.npmPackDir ?? '.');
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | string
  >;
  c.variant?.mutate(manifest);
  return { name: manifest.name as string, version: manifest.version as string };
}

before(async () => {
  [ours, theirs] = await Promise.all([startSandbox(), startSandbox()]);
  const names = new Set<string>();
  for (const c of CASES) names.add((await target(c)).name);
  for (const name of names) {
    for (const sandbox of [ours, theirs]) {
      // A prerelease seed: npm's "cannot publish over" check ignores prereleases, so no fixture version collides.
      await sandbox.seed(name, '0.0.0-seed.0');
      await sandbox.setTrust(name, {
        type: 'github',
        claims: { repository: REPO, workflow_ref: { file: 'release.yml' } },
      });
    }
  }
});
after(async () => {
  await Promise.all([ours?.stop(), theirs?.stop()]);
});

/** A private repository: neither client attaches provenance (compared separately in the provenance suite). */
const job = (sandbox: Sandbox) =>
  sandbox.ciEnv('github', { repo: REPO, workflow: 'release.yml', visibility: 'private' });

type StoredManifest = Record<string, unknown> & {
  dist: { tarball: string } & Record<string, unknown>;
};

async function stored(sandbox: Sandbox, name: string, version: string) {
  const res = await fetch(new URL(name.replace('/', '%2f'), sandbox.registry));
  assert.equal(res.status, 200, `packument of ${name}`);
  const doc = (await res.json()) as {
    versions: Record<string, StoredManifest>;
    'dist-tags': Record<string, string>;
  };
  const manifest = doc.versions[version];
  assert.ok(manifest, `${name}@${version} is stored`);
  const tgz = await fetch(manifest.dist.tarball);
  assert.equal(tgz.status, 200);
  return { manifest, distTags: doc['dist-tags'], tarball: Buffer.from(await tgz.arrayBuffer()) };
}

/** Fields that name the publishing client or the registry's address; everything else must be equal. */
function comparable(manifest: StoredManifest): Record<string, unknown> {
  const { _npmVersion, _nodeVersion, _npmUser, dist, ...rest } = manifest;
  void _npmVersion;
  void _nodeVersion;
  void _npmUser;
  const { tarball, ...digests } = dist as Record<string, unknown>;
  void tarball;
  return { ...rest, dist: digests };
}

for (const c of CASES) {
  test(`publish parity: ${caseTitle(c)}`, async () => {
    const { name, version } = await target(c);
    const tag = version.includes('-') ? 'next' : undefined;

    const npmDir = await copyCase(c);
    if (c.npmBefore) assert.equal((await runNpm(['run', c.npmBefore], npmDir)).code, 0);
    const npmRun = await runNpm(
      ['publish', c.npmPackDir ?? '.', ...(tag ? ['--tag', tag] : [])],
      npmDir,
      theirs.registry,
      await job(theirs),
    );
    assert.equal(npmRun.code, 0, npmRun.stderr);

    const ourDir = await copyCase(c);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      npm_config_userconfig: process.env.npm_config_userconfig ?? '',
      ...(await job(ours)),
    };
    const ctx = createContext({ env, cwd: ourDir, onSecret: () => {} });
    const result = await publishPackage(
      { dir: ourDir, registry: ours.registry, ...(tag ? { tag } : {}) },
      ctx,
    );
    assert.equal(result.status, 'published', JSON.stringify(result));

    const a = await stored(ours, name, version);
    const b = await stored(theirs, name, version);
    assert.deepEqual(a.distTags, b.distTags, 'dist-tags');

    // Tarballs: same files, modes and bytes (package.json: npm's with the ranges replaced).
    const mine = await readTar(a.tarball);
    const npms = await readTar(b.tarball);
    assert.deepEqual([...mine.keys()].sort(), [...npms.keys()].sort(), 'file list');
    for (const [file, entry] of npms) {
      const own = mine.get(file)!;
      assert.equal(own.mode, entry.mode, `mode of ${file}`);
      if (file === 'package.json' && c.replaced) {
        const expected = JSON.parse(entry.content.toString()) as Record<
          string,
          Record<string, string>
        >;
        for (const [field, deps] of Object.entries(c.replaced))
          for (const [dep, [, to]] of Object.entries(deps)) expected[field]![dep] = to;
        assert.deepEqual(JSON.parse(own.content.toString()), expected, 'package.json');
      } else assert.ok(own.content.equals(entry.content), `content of ${file}`);
    }

    // Stored manifests: equal apart from the tool's own fields (and, for replaced ranges, those ranges
    // and the tarball digests that follow from them).
    const mineManifest = comparable(a.manifest);
    const npmManifest = comparable(b.manifest);
    if (c.replaced) {
      for (const [field, deps] of Object.entries(c.replaced)) {
        for (const [dep, [literal, to]] of Object.entries(deps)) {
          assert.equal(
            (npmManifest[field] as Record<string, string>)[dep],
            literal,
            `npm publishes ${field}.${dep} literally`,
          );
          (npmManifest[field] as Record<string, string>)[dep] = to;
        }
      }
      delete mineManifest.dist;
      delete npmManifest.dist;
    }
    assert.deepEqual(mineManifest, npmManifest, 'stored manifest');
    assert.equal(mineManifest.name, name);
    assert.equal(mineManifest.version, version);
    assert.equal(mineManifest._id, `${name}@${version}`);
    if (process.env.PARITY_DUMP) console.log(JSON.stringify({ ours: a.manifest, npm: b.manifest }));
  });
}

test('publish parity: an already-built tarball is published as is (npm publish <tgz> vs PublishOptions.tarball)', async () => {
  const name = 'parity-tarball';
  for (const sandbox of [ours, theirs]) {
    await sandbox.seed(name, '0.0.0-seed.0');
    await sandbox.setTrust(name, {
      type: 'github',
      claims: { repository: REPO, workflow_ref: { file: 'release.yml' } },
    });
  }
  const dir = await copyFixture('basic-unscoped');
  const { readFile, writeFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  await writeFile(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ ...manifest, name }, null, 2)}\n`,
  );
  const tgz = await npmPack(dir);
  const bytes = await readFile(tgz);

  const npmRun = await runNpm(
    ['publish', tgz],
    path.dirname(tgz),
    theirs.registry,
    await job(theirs),
  );
  assert.equal(npmRun.code, 0, npmRun.stderr);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: os.tmpdir(),
    npm_config_userconfig: process.env.npm_config_userconfig ?? '',
    ...(await job(ours)),
  };
  const result = await publishPackage(
    { dir: path.dirname(tgz), tarball: tgz, registry: ours.registry },
    createContext({ env, cwd: path.dirname(tgz), onSecret: () => {} }),
  );
  assert.equal(result.status, 'published', JSON.stringify(result));

  const a = await stored(ours, name, '1.0.0');
  const b = await stored(theirs, name, '1.0.0');
  assert.ok(a.tarball.equals(bytes), 'trustpub uploaded the given bytes');
  assert.ok(b.tarball.equals(bytes), 'npm uploaded the given bytes');
  // npm also sends pacote's _resolved (the tarball's local absolute path), _from and _integrity for a
  // tarball spec; trustpub does not publish local paths. Everything else is equal.
  const npmManifest = comparable(b.manifest);
  assert.equal(npmManifest._resolved, tgz);
  for (const key of ['_resolved', '_from', '_integrity']) delete npmManifest[key];
  assert.deepEqual(comparable(a.manifest), npmManifest);
});
