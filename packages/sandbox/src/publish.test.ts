import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as sigstore from 'sigstore';
import { startSandbox } from './start-sandbox.js';
import { makeTarball, publishBody } from './tarball.js';
import type { Sandbox } from './types.js';

const NAME = '@p/prov';
const REPO = 'octo-org/octo-repo';
let sandbox: Sandbox;
let env: Record<string, string>;

before(async () => {
  sandbox = await startSandbox();
  await sandbox.seed(NAME);
  await sandbox.setTrust(NAME, {
    type: 'github',
    claims: { repository: REPO, workflow_ref: { file: 'release.yml' } },
  });
  env = await sandbox.ciEnv('github', {
    repo: REPO,
    workflow: 'release.yml',
    visibility: 'public',
  });
});
after(() => sandbox.stop());

/** An ID token from the job's GitHub endpoint, as npm and sigstore-js request it. */
async function jobToken(audience: string): Promise<string> {
  const res = await fetch(
    `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`,
    {
      headers: {
        authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
        accept: 'application/json',
      },
    },
  );
  return ((await res.json()) as { value: string }).value;
}

async function exchangedToken(): Promise<string> {
  const res = await fetch(`${sandbox.registry}-/npm/v1/oidc/token/exchange/package/@p%2fprov`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await jobToken('npm:127.0.0.1')}` },
  });
  return ((await res.json()) as { token: string }).token;
}

/** The npm-shaped GitHub statement for a tarball, signed like npm signs it (dsse, bundle v0.3). */
async function signedBundle(version: string, tarball: Buffer): Promise<string> {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      {
        name: `pkg:npm/%40p/prov@${version}`,
        digest: { sha512: crypto.createHash('sha512').update(tarball).digest('hex') },
      },
    ],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
        externalParameters: {
          workflow: {
            ref: 'refs/heads/main',
            repository: `https://github.com/${REPO}`,
            path: '.github/workflows/release.yml',
          },
        },
        internalParameters: {
          github: {
            event_name: 'push',
            repository_id: env.GITHUB_REPOSITORY_ID,
            repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID,
          },
        },
        resolvedDependencies: [
          {
            uri: `git+https://github.com/${REPO}@refs/heads/main`,
            digest: { gitCommit: env.GITHUB_SHA },
          },
        ],
      },
      runDetails: {
        builder: { id: 'https://github.com/actions/runner/github-hosted' },
        metadata: { invocationId: 'https://github.com/x' },
      },
    },
  };
  const bundle = await sigstore.attest(
    Buffer.from(JSON.stringify(statement)),
    'application/vnd.in-toto+json',
    {
      fulcioURL: sandbox.fulcioUrl,
      rekorURL: sandbox.rekorUrl,
      identityToken: await jobToken('sigstore'),
      retry: 0,
    },
  );
  return JSON.stringify(bundle);
}

async function putWithProvenance(
  version: string,
  tarball: Buffer,
  bundleJson: string,
  auth: 'exchanged' | 'none' = 'exchanged',
) {
  const manifest = {
    name: NAME,
    version,
    repository: { type: 'git', url: `git+https://github.com/${REPO}.git` },
  };
  const body = publishBody(sandbox.registry, manifest, tarball) as {
    _attachments: Record<string, unknown>;
  };
  body._attachments[`${NAME}-${version}.sigstore`] = {
    content_type: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    data: bundleJson,
    length: bundleJson.length,
  };
  return fetch(`${sandbox.registry}@p%2fprov`, {
    method: 'PUT',
    headers: {
      ...(auth === 'exchanged' ? { authorization: `Bearer ${await exchangedToken()}` } : {}),
      'content-type': 'application/json',
      'npm-command': 'publish',
    },
    body: JSON.stringify(body),
  });
}

async function versions(): Promise<
  Record<
    string,
    { dist: { attestations?: { url: string; provenance: { predicateType: string } } } }
  >
> {
  return ((await (await fetch(`${sandbox.registry}@p%2fprov`)).json()) as { versions: never })
    .versions;
}

test('a publish with a valid .sigstore attachment is stored; attestations endpoint and dist.attestations serve it', async () => {
  const tarball = makeTarball({ name: NAME, version: '1.0.0' });
  const bundleJson = await signedBundle('1.0.0', tarball);
  const res = await putWithProvenance('1.0.0', tarball, bundleJson);
  assert.equal(res.status, 201, await res.clone().text());
  const served = (await (
    await fetch(`${sandbox.registry}-/npm/v1/attestations/@p%2fprov@1.0.0`)
  ).json()) as {
    attestations: Array<{ predicateType: string; bundle: unknown }>;
  };
  assert.equal(served.attestations[0]?.predicateType, 'https://slsa.dev/provenance/v1');
  assert.deepEqual(served.attestations[0]?.bundle, JSON.parse(bundleJson));
  const dist = (await versions())['1.0.0']?.dist;
  assert.equal(dist?.attestations?.url, `${sandbox.registry}-/npm/v1/attestations/@p%2fprov@1.0.0`);
  assert.equal(dist?.attestations?.provenance.predicateType, 'https://slsa.dev/provenance/v1');
});

test('a tampered bundle (tarball changed after signing) is refused with 422 and nothing is published', async () => {
  const tarball = makeTarball({ name: NAME, version: '1.0.1' });
  const bundleJson = await signedBundle('1.0.1', tarball);
  const other = makeTarball({ name: NAME, version: '1.0.1', description: 'not what was signed' });
  const res = await putWithProvenance('1.0.1', other, bundleJson);
  assert.equal(res.status, 422);
  const body = (await res.json()) as { error: string };
  assert.match(body.error, /^Error verifying sigstore provenance bundle: /);
  assert.equal((await versions())['1.0.1'], undefined);
  assert.equal(
    (await fetch(`${sandbox.registry}-/npm/v1/attestations/@p%2fprov@1.0.1`)).status,
    404,
  );
});

test('a tampered statement (payload edited) is refused with 422', async () => {
  const tarball = makeTarball({ name: NAME, version: '1.0.2' });
  const bundle = JSON.parse(await signedBundle('1.0.2', tarball)) as {
    dsseEnvelope: { payload: string };
  };
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString()) as {
    predicate: { runDetails: object };
  };
  statement.predicate.runDetails = { builder: { id: 'https://evil.example/runner' } };
  bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  const res = await putWithProvenance('1.0.2', tarball, JSON.stringify(bundle));
  assert.equal(res.status, 422);
  assert.equal((await versions())['1.0.2'], undefined);
});

describe('the attestation is recorded before the version, and only for versions the registry stored', () => {
  const attestation = async (version: string) => {
    const res = await fetch(`${sandbox.registry}-/npm/v1/attestations/@p%2fprov@${version}`);
    return res.status === 200 ? ((await res.json()) as { attestations: unknown[] }) : res.status;
  };

  test('when the attestation cannot be saved, the version is not stored either', async () => {
    const tarball = makeTarball({ name: NAME, version: '1.1.0' });
    const bundleJson = await signedBundle('1.1.0', tarball);
    // Saving the registry state fails: its temporary file's name is taken by a directory.
    const blocker = path.join(sandbox.dir, 'registry-state.json.tmp');
    fs.mkdirSync(blocker);
    try {
      const res = await putWithProvenance('1.1.0', tarball, bundleJson);
      assert.equal(res.status, 500);
    } finally {
      fs.rmdirSync(blocker);
    }
    assert.equal((await versions())['1.1.0'], undefined, 'no version without its provenance');
  });

  test('a refused upload leaves no attestation; a refused re-publish keeps the stored one', async () => {
    const tarball = makeTarball({ name: NAME, version: '1.2.0' });
    const bundleJson = await signedBundle('1.2.0', tarball);
    const anonymous = await putWithProvenance('1.2.0', tarball, bundleJson, 'none');
    assert.equal(anonymous.status, 404);
    assert.equal(await attestation('1.2.0'), 404);

    const before = await attestation('1.0.0');
    const again = makeTarball({ name: NAME, version: '1.0.0', description: 'a second try' });
    const res = await putWithProvenance('1.0.0', again, await signedBundle('1.0.0', again));
    assert.equal(res.status, 403);
    assert.deepEqual(await attestation('1.0.0'), before);
  });
});
