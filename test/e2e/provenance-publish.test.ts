// Provenance through the real publish path: publishPackage in a sandbox CI job (OIDC exchange, npm's
// provenance rule, signing against the sandbox's Fulcio/Rekor, the gateway's npmjs-style attachment check),
// then the attestation the registry serves is fetched and verified independently.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  createContext,
  publishPackage,
  verifyProvenanceBundle,
  type PublishOptions,
  type PublishResult,
} from '@trustpub/core';
import { tempDir } from './support/temp.js';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

let counter = 0;
/** A fresh package, seeded on the registry and trusted for the given CI job. */
async function fixture(
  provider: 'github' | 'gitlab',
  extra: Record<string, unknown> = {},
  npmrc?: string,
) {
  const name = `@prov/pkg-${provider}-${++counter}`;
  const repoUrl =
    provider === 'github'
      ? 'https://github.com/prov-org/widgets'
      : 'https://gitlab.com/prov-grp/widgets';
  const dir = tempDir('prov-publish-');
  const manifest = {
    name,
    version: '1.0.0',
    description: 'provenance fixture',
    repository: { type: 'git', url: `git+${repoUrl}.git` },
    ...extra,
  };
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(path.join(dir, 'index.js'), 'export const x = 1;\n');
  if (npmrc !== undefined) await writeFile(path.join(dir, '.npmrc'), npmrc);
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(
    name,
    provider === 'github'
      ? {
          type: 'github',
          claims: { repository: 'prov-org/widgets', workflow_ref: { file: 'release.yml' } },
        }
      : {
          type: 'gitlab',
          claims: {
            project_path: 'prov-grp/widgets',
            ci_config_ref_uri: { file: '.gitlab-ci.yml' },
          },
        },
  );
  return { name, dir };
}

async function job(
  provider: 'github' | 'gitlab',
  visibility: 'public' | 'private' = 'public',
): Promise<Record<string, string>> {
  return provider === 'github'
    ? sandbox.ciEnv('github', { repo: 'prov-org/widgets', workflow: 'release.yml', visibility })
    : sandbox.ciEnv('gitlab', { project: 'prov-grp/widgets', visibility });
}

async function publishIn(
  env: Record<string, string>,
  options: PublishOptions,
): Promise<{ result: PublishResult; logs: string[] }> {
  const logs: string[] = [];
  const keep = (m: string) => void logs.push(m);
  // The job's own variables plus the run's npm settings (userconfig, cache) so nothing reads a developer's ~/.npmrc.
  const ctx = createContext({
    env: {
      PATH: process.env.PATH ?? '',
      HOME: os.tmpdir(),
      npm_config_userconfig: process.env.npm_config_userconfig ?? '',
      ...env,
    },
    cwd: options.dir,
    logger: { debug: keep, info: keep, warn: keep, error: keep },
    onSecret: () => {},
  });
  return { result: await publishPackage(options, ctx), logs };
}

/** The registry's answers, as far as these tests read them. */
interface AttestationsBody {
  attestations: { predicateType: string; bundle: object }[];
}
interface PackumentBody {
  versions: Record<string, { dist: { integrity: string; attestations?: unknown } } | undefined>;
}

async function attestations(
  name: string,
  version: string,
): Promise<{ status: number; body: AttestationsBody | undefined }> {
  const res = await fetch(
    new URL(`-/npm/v1/attestations/${name.replace('/', '%2f')}@${version}`, sandbox.registry),
  );
  return {
    status: res.status,
    body: res.status === 200 ? ((await res.json()) as AttestationsBody) : undefined,
  };
}

async function packument(name: string): Promise<PackumentBody> {
  const res = await fetch(new URL(name.replace('/', '%2f'), sandbox.registry));
  return (await res.json()) as PackumentBody;
}

/** Published with provenance: the registry lists and serves the attestation, and it verifies for this repo/workflow. */
async function assertProvenance(
  name: string,
  result: PublishResult,
  repository: string,
  workflowPath: string,
  predicateType: string,
) {
  assert.equal(result.status, 'published', JSON.stringify(result));
  if (result.status !== 'published') return;
  assert.equal(result.provenance?.predicateType, predicateType);
  const stored = (await packument(name)).versions['1.0.0'];
  assert.ok(stored?.dist.attestations, 'dist.attestations is in the packument');
  const served = await attestations(name, '1.0.0');
  assert.equal(served.status, 200);
  const entry = served.body?.attestations.find((a) => a.predicateType === predicateType);
  assert.ok(entry, 'the provenance attestation is served');
  const integrity = stored.dist.integrity;
  const verified = await verifyProvenanceBundle(
    entry.bundle,
    {
      name,
      version: '1.0.0',
      tarballSha512Hex: Buffer.from(integrity.replace(/^sha512-/, ''), 'base64').toString('hex'),
      repository,
      workflowPath,
    },
    { env: { TRUSTPUB_TRUSTED_ROOT: sandbox.trustedRootPath } },
  );
  assert.equal(verified.predicateType, predicateType);
}

/** Published, and the registry has no attestation for it. */
async function assertNoProvenance(name: string, result: PublishResult) {
  assert.equal(result.status, 'published', JSON.stringify(result));
  if (result.status === 'published') assert.equal(result.provenance, undefined);
  const stored = (await packument(name)).versions['1.0.0'];
  assert.ok(stored, 'the version is on the registry');
  assert.equal(stored.dist.attestations, undefined);
  assert.equal((await attestations(name, '1.0.0')).status, 404);
}

test('GitHub, public repository: provenance is automatic, accepted by the registry and verifies', async () => {
  const { name, dir } = await fixture('github');
  const { result } = await publishIn(await job('github'), { dir });
  await assertProvenance(
    name,
    result,
    'prov-org/widgets',
    '.github/workflows/release.yml',
    'https://slsa.dev/provenance/v1',
  );
});

test('GitLab, public project with SIGSTORE_ID_TOKEN: provenance is automatic, accepted and verifies', async () => {
  const { name, dir } = await fixture('gitlab');
  const { result } = await publishIn(await job('gitlab'), { dir });
  await assertProvenance(
    name,
    result,
    'prov-grp/widgets',
    '.gitlab-ci.yml',
    'https://slsa.dev/provenance/v0.2',
  );
});

test('GitHub, private repository: published without provenance, and the log says why', async () => {
  const { name, dir } = await fixture('github');
  const { result, logs } = await publishIn(await job('github', 'private'), { dir });
  await assertNoProvenance(name, result);
  assert.ok(
    logs.some((l) => /No provenance: .*repository is private/.test(l)),
    logs.join('\n'),
  );
});

test('opt-out: the provenance option false', async () => {
  const { name, dir } = await fixture('github');
  await assertNoProvenance(
    name,
    (await publishIn(await job('github'), { dir, provenance: false })).result,
  );
});

test('opt-out: NPM_CONFIG_PROVENANCE=false', async () => {
  const { name, dir } = await fixture('github');
  await assertNoProvenance(
    name,
    (await publishIn({ ...(await job('github')), NPM_CONFIG_PROVENANCE: 'false' }, { dir })).result,
  );
});

test('opt-out: provenance=false in the project .npmrc', async () => {
  const { name, dir } = await fixture('github', {}, 'provenance=false\n');
  await assertNoProvenance(name, (await publishIn(await job('github'), { dir })).result);
});

test('opt-out: publishConfig.provenance false (npm ignores it under OIDC; trustpub honours it)', async () => {
  const { name, dir } = await fixture('github', { publishConfig: { provenance: false } });
  await assertNoProvenance(name, (await publishIn(await job('github'), { dir })).result);
});

test('an explicit request from a private repository fails before anything is uploaded', async () => {
  const { name, dir } = await fixture('github');
  const { result } = await publishIn(await job('github', 'private'), { dir, provenance: true });
  assert.equal(result.status, 'failed');
  assert.equal(
    result.status === 'failed' ? result.error.code : '',
    'PROVENANCE_PRIVATE_REPOSITORY',
  );
  assert.equal((await packument(name)).versions['1.0.0'], undefined, 'nothing was published');
});
