import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import {
  GITHUB,
  GITLAB,
  manifest,
  statement,
  useLocalSigstore,
  type BundleJson,
} from './sigstore.test.helper.js';

const local = useLocalSigstore();
const { sign, check } = local;

test('a GitHub bundle from the local Fulcio and Rekor verifies offline with @sigstore/verify against the trusted root', async () => {
  const json = await sign(GITHUB);
  const bundle = bundleFromJSON(JSON.parse(json));
  assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
  assert.deepEqual(bundle.verificationMaterial.tlogEntries[0]?.kindVersion, {
    kind: 'dsse',
    version: '0.0.1',
  });
  const root = TrustedRoot.fromJSON(
    JSON.parse(fs.readFileSync(local.sigstore().trustedRootPath, 'utf8')),
  );
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
  const root = TrustedRoot.fromJSON(
    JSON.parse(fs.readFileSync(local.sigstore().trustedRootPath, 'utf8')),
  );
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
