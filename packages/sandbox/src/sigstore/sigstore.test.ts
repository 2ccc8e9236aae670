import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { SignJWT, generateKeyPair } from 'jose';
import * as sigstore from 'sigstore';
import { startSigstore, verifyProvenanceAttachment, type LocalSigstore } from './index.js';

// A test-only ID-token issuer: the sandbox's real issuer is not needed to exercise Fulcio and Rekor.
const { privateKey } = await generateKeyPair('RS256');
async function mint(claims: Record<string, unknown>, aud = 'sigstore'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256' })
    .setAudience(aud)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(privateKey);
  // Registered with the runner's secret scan like every token the sandbox mints.
  if (process.env.TRUSTPUB_SANDBOX_MINTED_LOG)
    fs.appendFileSync(
      process.env.TRUSTPUB_SANDBOX_MINTED_LOG,
      `${JSON.stringify({ kind: 'id-token', value: jwt })}\n`,
    );
  return jwt;
}

const GITHUB = {
  iss: 'https://token.actions.githubusercontent.com',
  sub: 'repo:octo-org/octo-repo:environment:npm',
  repository: 'octo-org/octo-repo',
  repository_owner: 'octo-org',
  repository_id: '74',
  repository_owner_id: '65',
  repository_visibility: 'public',
  runner_environment: 'github-hosted',
  ref: 'refs/tags/v1.2.3',
  sha: 'd3adb33f',
  event_name: 'push',
  run_id: '16432',
  run_attempt: '1',
  workflow_ref: 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3',
  job_workflow_ref: 'octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3',
};
const GITLAB = {
  iss: 'https://gitlab.com',
  sub: 'project_path:my-group/my-project:ref_type:branch:ref:main',
  project_path: 'my-group/my-project',
  project_id: '20',
  namespace_path: 'my-group',
  namespace_id: '72',
  project_visibility: 'public',
  runner_environment: 'gitlab-hosted',
  ref: 'main',
  ref_type: 'branch',
  sha: '714a629c',
  pipeline_source: 'push',
  job_id: '302',
  ci_config_ref_uri: 'gitlab.com/my-group/my-project//.gitlab-ci.yml@refs/heads/main',
  ci_config_sha: '714a629c',
};

/** The parts of a serialised bundle the tamper tests change. */
interface BundleJson {
  dsseEnvelope: { payload: string; signatures: [{ sig: string }] };
}

const tarball = Buffer.from('not really a tarball, but bytes with a digest');
const sha512 = crypto.createHash('sha512').update(tarball).digest('hex');
const manifest = {
  name: '@sc/prov',
  version: '1.0.0',
  repository: { type: 'git', url: 'git+https://github.com/octo-org/octo-repo.git' },
};
const statement = (name = 'pkg:npm/%40sc/prov@1.0.0', digest = sha512) => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name, digest: { sha512: digest } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: { buildDefinition: {}, runDetails: {} },
});

let dir: string;
let sg: LocalSigstore;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigstore-'));
  sg = await startSigstore({ dir });
});
after(async () => {
  await sg.stop();
});

/** Signs exactly as npm does: `sigstore.attest`, default options, so a `dsse` tlog entry and a v0.3 bundle. */
async function sign(
  claims: Record<string, unknown>,
  stmt: object = statement(),
  s: LocalSigstore = sg,
): Promise<string> {
  const bundle = await sigstore.attest(
    Buffer.from(JSON.stringify(stmt)),
    'application/vnd.in-toto+json',
    {
      fulcioURL: s.fulcioUrl,
      rekorURL: s.rekorUrl,
      identityToken: await mint(claims),
      retry: 0,
    },
  );
  return JSON.stringify(bundle);
}

const check = (
  bundleJson: string,
  overrides: Partial<{
    tarball: Uint8Array;
    manifest: typeof manifest | Record<string, unknown>;
  }> = {},
) =>
  verifyProvenanceAttachment(bundleJson, {
    tarball: overrides.tarball ?? tarball,
    manifest: (overrides.manifest ?? manifest) as typeof manifest,
    trustedRoot: sg.trustedRootPath,
  });

test('a GitHub bundle from the local Fulcio and Rekor verifies offline with @sigstore/verify against the trusted root', async () => {
  const json = await sign(GITHUB);
  const bundle = bundleFromJSON(JSON.parse(json));
  assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
  assert.deepEqual(bundle.verificationMaterial.tlogEntries[0]?.kindVersion, {
    kind: 'dsse',
    version: '0.0.1',
  });
  const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(sg.trustedRootPath, 'utf8')));
  const verifier = new Verifier(toTrustMaterial(root), {
    tlogThreshold: 1,
    ctlogThreshold: 1,
    timestampThreshold: 1,
  });
  const signer = verifier.verify(toSignedEntity(bundle), {
    subjectAlternativeName:
      'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.2.3',
    extensions: { issuer: 'https://token.actions.githubusercontent.com' },
  });
  assert.ok(signer.key);
  assert.throws(
    () =>
      verifier.verify(toSignedEntity(bundle), {
        subjectAlternativeName: 'https://github.com/evil/x/.github/workflows/a.yml@refs/heads/main',
      }),
    /certificate identity error/,
  );
});

test('the registry check accepts a matching bundle and returns the attestation npmjs serves', async () => {
  const json = await sign(GITHUB);
  const verdict = await check(json);
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.message);
  assert.equal(verdict.attestation.predicateType, 'https://slsa.dev/provenance/v1');
  assert.deepEqual(verdict.attestation.bundle, JSON.parse(json));
});

test('a tampered bundle is refused with 422', async () => {
  const bundle = JSON.parse(await sign(GITHUB)) as BundleJson;
  const evil = { ...statement(), predicate: { injected: true } };
  bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(evil)).toString('base64');
  const verdict = await check(JSON.stringify(bundle));
  assert.deepEqual(verdict, {
    ok: false,
    status: 422,
    message: 'Error verifying sigstore provenance bundle: DSSE payload hash mismatch',
  });

  const badSig = JSON.parse(await sign(GITHUB)) as BundleJson;
  badSig.dsseEnvelope.signatures[0].sig = Buffer.alloc(70, 1).toString('base64');
  const v2 = await check(JSON.stringify(badSig));
  assert.equal(v2.ok, false);
  assert.match(v2.ok ? '' : v2.message, /^Error verifying sigstore provenance bundle: /);

  const v3 = await check('{"not":"a bundle"');
  assert.equal(v3.ok ? 0 : v3.status, 422);
});

test('the subject must name this package and the digest of this tarball', async () => {
  const json = await sign(GITHUB);
  assert.deepEqual(await check(json, { tarball: Buffer.from('other bytes') }), {
    ok: false,
    status: 422,
    message:
      'Error verifying sigstore provenance bundle: Provenance subject digest does not match the package',
  });
  const other = await check(json, { manifest: { ...manifest, version: '1.0.1' } });
  assert.equal(
    other.ok ? '' : other.message,
    'Error verifying sigstore provenance bundle: Provenance subject pkg:npm/%40sc/prov@1.0.0 does not match the package: pkg:npm/%40sc/prov@1.0.1',
  );
});

test("package.json repository must match the provenance's source repository (npmjs's text)", async () => {
  const json = await sign(GITHUB);
  for (const url of [
    'https://github.com/octo-org/octo-repo',
    'git+ssh://git@github.com/octo-org/octo-repo.git',
    'github:octo-org/octo-repo',
    'octo-org/octo-repo',
  ]) {
    const v = await check(json, { manifest: { ...manifest, repository: url } });
    assert.ok(v.ok, `${url}: ${v.ok ? '' : v.message}`);
  }
  assert.deepEqual(
    await check(json, {
      manifest: { ...manifest, repository: 'https://github.com/octo-org/other' },
    }),
    {
      ok: false,
      status: 422,
      message:
        'Error verifying sigstore provenance bundle: Failed to validate repository information: package.json: "repository.url" is "https://github.com/octo-org/other", expected to match "https://github.com/octo-org/octo-repo" from provenance',
    },
  );
  const none = await check(json, { manifest: { name: '@sc/prov', version: '1.0.0' } });
  assert.match(
    none.ok ? '' : none.message,
    /"repository\.url" is "", expected to match "https:\/\/github\.com\/octo-org\/octo-repo" from provenance$/,
  );
});

test('self-hosted runners and private repositories are refused with npmjs texts', async () => {
  const selfHosted = await check(await sign({ ...GITHUB, runner_environment: 'self-hosted' }));
  assert.equal(
    selfHosted.ok ? '' : selfHosted.message,
    'Error verifying sigstore provenance bundle: Unsupported GitHub Actions runner environment: "self-hosted". Only "github-hosted" runners are supported when publishing with provenance.',
  );
  const priv = await check(await sign({ ...GITHUB, repository_visibility: 'private' }));
  assert.equal(
    priv.ok ? '' : priv.message,
    'Error verifying sigstore provenance bundle: Unsupported GitHub Actions source repository visibility: "private". Only public source repositories are supported when publishing with provenance.',
  );
});

test('a GitLab bundle carries the certificate identity real Fulcio gives GitLab pipelines and verifies', async () => {
  const json = await sign(GITLAB);
  const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(sg.trustedRootPath, 'utf8')));
  new Verifier(toTrustMaterial(root)).verify(toSignedEntity(bundleFromJSON(JSON.parse(json))), {
    subjectAlternativeName:
      'https://gitlab.com/my-group/my-project//.gitlab-ci.yml@refs/heads/main',
    extensions: { issuer: 'https://gitlab.com' },
  });
  const ok = await check(json, {
    manifest: { ...manifest, repository: 'git+https://gitlab.com/my-group/my-project.git' },
  });
  assert.ok(ok.ok, ok.ok ? '' : ok.message);
  const wrong = await check(json);
  assert.match(
    wrong.ok ? '' : wrong.message,
    /expected to match "https:\/\/gitlab\.com\/my-group\/my-project" from provenance$/,
  );
});

test('Fulcio refuses an identity token whose audience is not sigstore', async () => {
  const res = await fetch(`${sg.fulcioUrl}/api/v2/signingCert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      credentials: { oidcIdentityToken: await mint(GITHUB, 'npm:registry.npmjs.org') },
      publicKeyRequest: { publicKey: { algorithm: 'ECDSA', content: 'x' }, proofOfPossession: 'x' },
    }),
  });
  assert.equal(res.status, 401);
  assert.match(((await res.json()) as { message: string }).message, /audience/);
});

test('a bundle from another Sigstore instance does not verify against this trust root', async () => {
  const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigstore-other-'));
  const other = await startSigstore({ dir: otherDir });
  try {
    const verdict = await check(await sign(GITHUB, statement(), other));
    assert.equal(verdict.ok, false);
    assert.match(
      verdict.ok ? '' : verdict.message,
      /^Error verifying sigstore provenance bundle: /,
    );
  } finally {
    await other.stop();
  }
});

test('keys survive a restart on the same state dir, so stored bundles keep verifying', async () => {
  const restartDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigstore-restart-'));
  const first = await startSigstore({ dir: restartDir });
  const json = await sign(GITHUB, statement(), first);
  await first.stop();
  // Stored bundles are older than the restart: certificate times have whole seconds, so cross one.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const second = await startSigstore({ dir: restartDir });
  try {
    const verdict = await verifyProvenanceAttachment(json, {
      tarball,
      manifest,
      trustedRoot: JSON.parse(fs.readFileSync(second.trustedRootPath, 'utf8')) as object,
    });
    assert.ok(verdict.ok, verdict.ok ? '' : verdict.message);
  } finally {
    await second.stop();
  }
});

test('Rekor logs a dsse entry as real Rekor does (hashes, signature and verifier), and refuses a bad signature', async () => {
  const json = await sign(GITHUB);
  const bundle = JSON.parse(json) as {
    dsseEnvelope: { payload: string; payloadType: string; signatures: [{ sig: string }] };
    verificationMaterial: {
      certificate: { rawBytes: string };
      tlogEntries: [{ logIndex: string }];
    };
  };
  const res = await fetch(
    `${sg.rekorUrl}/api/v1/log/entries?logIndex=${bundle.verificationMaterial.tlogEntries[0].logIndex}`,
  );
  assert.equal(res.status, 200);
  const [entry] = Object.values((await res.json()) as Record<string, { body: string }>);
  const body = JSON.parse(Buffer.from(entry?.body ?? '', 'base64').toString()) as {
    kind: string;
    spec: {
      payloadHash: { value: string };
      envelopeHash: { algorithm: string };
      signatures: { signature: string; verifier: string }[];
    };
  };
  assert.equal(body.kind, 'dsse');
  const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
  assert.equal(
    body.spec.payloadHash.value,
    crypto.createHash('sha256').update(payload).digest('hex'),
  );
  assert.equal(body.spec.envelopeHash.algorithm, 'sha256');
  assert.equal(body.spec.signatures.length, 1);
  assert.equal(body.spec.signatures[0]?.signature, bundle.dsseEnvelope.signatures[0].sig);

  const der = Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64');
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
  const envelope = {
    ...bundle.dsseEnvelope,
    signatures: [{ sig: Buffer.alloc(64, 7).toString('base64') }],
  };
  const refused = await fetch(`${sg.rekorUrl}/api/v1/log/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        proposedContent: {
          envelope: JSON.stringify(envelope),
          verifiers: [Buffer.from(pem).toString('base64')],
        },
      },
    }),
  });
  assert.equal(refused.status, 400);
});

test('bundles made the older way (legacyCompatibility: intoto entry, bundle v0.2) are accepted too', async () => {
  const bundle = await sigstore.attest(
    Buffer.from(JSON.stringify(statement())),
    'application/vnd.in-toto+json',
    {
      fulcioURL: sg.fulcioUrl,
      rekorURL: sg.rekorUrl,
      identityToken: await mint(GITHUB),
      legacyCompatibility: true,
      retry: 0,
    },
  );
  assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle+json;version=0.2');
  const verdict = await check(JSON.stringify(bundle));
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.message);
});
