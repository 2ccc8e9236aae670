// publishPackage() from GitLab (with provenance: SLSA v0.2, SIGSTORE_ID_TOKEN) and CircleCI (never
// provenance), a restricted package's re-run (invisible without a token: the upload's "cannot publish
// over" answer triggers the integrity comparison), and verifyPublished() as `trustpub verify` uses it.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  createContext,
  isTrustpubError,
  publishPackage,
  verifyPublished,
  type PublishResult,
} from '@trustpub/core';
import { circleciTrust } from './support/trust-configs.js';
import { tempDir } from './support/temp.js';
import { useSandbox } from './support/sandbox.js';

const CIRCLE = {
  orgId: '11111111-1111-4111-8111-111111111111',
  projectId: '22222222-2222-4222-8222-222222222222',
  pipelineDefinitionId: '33333333-3333-4333-8333-333333333333',
  vcsOrigin: 'github.com/o/r',
};

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    await sandbox.seed('@e2e/gl', '0.0.1');
    await sandbox.setTrust('@e2e/gl', {
      type: 'gitlab',
      claims: { project_path: 'grp/proj', ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
      permissions: ['createPackage'],
    });
    await sandbox.seed('@e2e/cc', '0.0.1');
    await sandbox.setTrust('@e2e/cc', circleciTrust(CIRCLE, ['createPackage']));
    await sandbox.seed('@private-scope/secret', '0.0.1');
    await sandbox.setTrust('@private-scope/secret', {
      type: 'github',
      claims: { repository: 'o/r', workflow_ref: { file: 'release.yml' } },
      permissions: ['createPackage'],
    });
  },
});

async function pkg(manifest: Record<string, unknown>): Promise<string> {
  const dir = tempDir('core-providers-');
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'index.js'), 'module.exports = 1;\n');
  return dir;
}
const ctxFor = (env: Record<string, string>, cwd: string) =>
  createContext({ env, cwd, onSecret: () => {} });
function published(r: PublishResult) {
  assert.equal(r.status, 'published', JSON.stringify(r));
  if (r.status !== 'published') throw new Error('unreachable');
  return r;
}

test('GitLab public project with SIGSTORE_ID_TOKEN: published with SLSA v0.2 provenance, verified', async () => {
  const dir = await pkg({
    name: '@e2e/gl',
    version: '1.0.0',
    repository: { type: 'git', url: 'git+https://gitlab.com/grp/proj.git' },
  });
  const env = await sandbox.ciEnv('gitlab', { project: 'grp/proj', visibility: 'public' });
  const r = published(await publishPackage({ dir }, ctxFor(env, dir)));
  assert.equal(r.provenance?.predicateType, 'https://slsa.dev/provenance/v0.2');
  assert.ok(r.provenance?.attestationsUrl);
});

test('CircleCI: published through the exchange, never with provenance', async () => {
  const dir = await pkg({ name: '@e2e/cc', version: '1.0.0' });
  const env = await sandbox.ciEnv('circleci', CIRCLE);
  const r = published(await publishPackage({ dir }, ctxFor(env, dir)));
  assert.equal(r.auth, 'oidc');
  assert.equal(r.provenance, undefined);
});

test('restricted package: a re-run is recognised through the upload answer and the authenticated packument', async () => {
  const dir = await pkg({ name: '@private-scope/secret', version: '1.0.0' });
  const env = await sandbox.ciEnv('github', {
    repo: 'o/r',
    workflow: 'release.yml',
    visibility: 'private',
  });
  published(await publishPackage({ dir, access: 'restricted' }, ctxFor(env, dir)));
  const before = sandbox.requests().length;
  const again = await publishPackage(
    { dir, access: 'restricted' },
    ctxFor(
      await sandbox.ciEnv('github', {
        repo: 'o/r',
        workflow: 'release.yml',
        visibility: 'private',
      }),
      dir,
    ),
  );
  assert.equal(again.status, 'already-published', JSON.stringify(again));
  const puts = sandbox
    .requests()
    .slice(before)
    .filter((q) => q.method === 'PUT');
  assert.deepEqual(
    puts.map((q) => q.status),
    [403],
    'the registry said "cannot publish over"',
  );
});

test('verifyPublished: integrity of the served tarball and provenance of a published version; unknown versions', async () => {
  const ctx = createContext({
    env: { TRUSTPUB_TRUSTED_ROOT: sandbox.trustedRootPath, TRUSTPUB_REKOR_URL: sandbox.rekorUrl },
    onSecret: () => {},
  });
  const ok = await verifyPublished(
    {
      name: '@e2e/gl',
      version: '1.0.0',
      registry: sandbox.registry,
      provenance: true,
      repository: 'grp/proj',
    },
    ctx,
  );
  assert.match(ok.integrity, /^sha512-/);
  assert.equal(ok.provenance?.predicateType, 'https://slsa.dev/provenance/v0.2');
  const noProv = await verifyPublished(
    { name: '@e2e/cc', version: '1.0.0', registry: sandbox.registry },
    ctx,
  );
  assert.equal(noProv.provenance, undefined);

  const missing = await verifyPublished(
    { name: '@e2e/cc', version: '9.9.9', registry: sandbox.registry },
    ctx,
  ).catch((e: unknown) => e);
  assert.ok(isTrustpubError(missing) && missing.code === 'VERIFY_VERSION_NOT_FOUND');
  const required = await verifyPublished(
    { name: '@e2e/cc', version: '1.0.0', registry: sandbox.registry, provenance: true },
    ctx,
  ).catch((e: unknown) => e);
  assert.ok(isTrustpubError(required) && required.code === 'VERIFY_ATTESTATION_MISSING');
  const wrongRepo = await verifyPublished(
    { name: '@e2e/gl', version: '1.0.0', registry: sandbox.registry, repository: 'other/project' },
    ctx,
  ).catch((e: unknown) => e);
  assert.ok(
    isTrustpubError(wrongRepo) && wrongRepo.code === 'VERIFY_PROVENANCE_INVALID',
    String(wrongRepo),
  );
  const wrongBytes = await verifyPublished(
    { name: '@e2e/cc', version: '1.0.0', registry: sandbox.registry, integrity: 'sha512-AAAA' },
    ctx,
  ).catch((e: unknown) => e);
  assert.ok(isTrustpubError(wrongBytes) && wrongBytes.code === 'VERIFY_INTEGRITY_MISMATCH');

  // The registry serves other bytes than the integrity it lists: without an integrity of our own the
  // served tarball is downloaded and hashed, and the difference is found.
  const storage = join(sandbox.dir, 'storage', '@e2e', 'cc');
  const tgz = (await readdir(storage)).find((f) => f.endsWith('-1.0.0.tgz'));
  assert.ok(tgz, `no stored tarball in ${storage}`);
  await writeFile(join(storage, tgz), 'not the tarball that was published');
  const tampered = await verifyPublished(
    { name: '@e2e/cc', version: '1.0.0', registry: sandbox.registry },
    ctx,
  ).catch((e: unknown) => e);
  assert.ok(
    isTrustpubError(tampered) && tampered.code === 'VERIFY_INTEGRITY_MISMATCH',
    String(tampered),
  );
});

test('a restricted package published with default access is verified with its token once the open read shows nothing', async () => {
  const dir = await pkg({ name: '@private-scope/secret', version: '1.1.0' });
  const env = await sandbox.ciEnv('github', {
    repo: 'o/r',
    workflow: 'release.yml',
    visibility: 'private',
  });
  const before = sandbox.requests().length;
  published(await publishPackage({ dir }, ctxFor(env, dir)));
  const reads = sandbox
    .requests()
    .slice(before)
    .filter((q) => q.path === '/@private-scope%2fsecret')
    .map((q) => `${q.method} ${q.auth ?? 'anonymous'} ${q.status}`);
  // After the upload: the open read (404, as npmjs hides restricted packages), then the token's read.
  assert.deepEqual(reads.slice(-3), ['PUT bearer 201', 'GET anonymous 404', 'GET bearer 200']);
});
