import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { bundleFromJSON } from '@sigstore/bundle';
import * as sigstore from 'sigstore';
import { githubClaims, gitlabClaims } from '../claims.js';
import { startSandbox } from '../start-sandbox.js';
import type { Sandbox } from '../types.js';

// Regression for a flaky TLOG_CREATE_ENTRY_ERROR ("asn1 encoding routines::wrong tag"): Fulcio wrapped its
// PEM at 64 characters and left an empty line before the footer whenever the certificate's base64 text was
// an exact multiple of 64 long; Rekor (OpenSSL) then refused the verifier. Whether that happens depends on
// the certificate's length, so on the claims (repository, workflow) and on the random ECDSA signature
// lengths: hence the sweeps over claim lengths below, which cross that boundary on purpose.

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

const statement = (name: string) => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: `pkg:npm/${name}@1.0.0`, digest: { sha512: 'ab'.repeat(64) } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: { buildDefinition: {}, runDetails: {} },
});

/** Signs as npm does (`sigstore.attest`, DSSE, Rekor `dsse` entry) through the sandbox's Fulcio and Rekor. */
async function sign(claims: Record<string, unknown>): Promise<object> {
  const identityToken = await sandbox.mintIdToken(claims, { aud: 'sigstore' });
  const bundle = await sigstore.attest(
    Buffer.from(JSON.stringify(statement('signing-repeat'))),
    'application/vnd.in-toto+json',
    { fulcioURL: sandbox.fulcioUrl, rekorURL: sandbox.rekorUrl, identityToken, retry: 0 },
  );
  return bundle;
}

/** Asks Fulcio directly for a certificate, with a fresh P-256 key and the proof of possession Fulcio checks. */
async function fulcioChain(claims: Record<string, unknown>): Promise<string[]> {
  const token = await sandbox.mintIdToken(claims, { aud: 'sigstore' });
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = String(claims.sub);
  const res = await fetch(new URL('/api/v2/signingCert', sandbox.fulcioUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: {
        publicKey: {
          algorithm: 'ECDSA',
          content: publicKey.export({ format: 'pem', type: 'spki' }),
        },
        proofOfPossession: crypto
          .sign('sha256', Buffer.from(subject), privateKey)
          .toString('base64'),
      },
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const body = (await res.json()) as {
    signedCertificateEmbeddedSct: { chain: { certificates: string[] } };
  };
  return body.signedCertificateEmbeddedSct.chain.certificates;
}

const REPORTED = [
  'acme/prerelease',
  'acme/widgets-24',
  'acme/no-publish',
  'acme/widgets-25',
  'acme/w',
  'prov-org/widgets',
];

test('signing through the sandbox succeeds every time for the reported repositories and several name lengths', async () => {
  const cases: { label: string; claims: Record<string, unknown> }[] = [];
  for (const repo of REPORTED) {
    for (let i = 0; i < 4; i++)
      cases.push({ label: repo, claims: githubClaims({ repo, workflow: 'release.yml' }) });
  }
  // Repository and workflow names from 1 to 60 characters move the certificate length across PEM lines.
  for (const n of [1, 7, 13, 22, 31, 40, 60]) {
    const repo = `org/${'r'.repeat(n)}`;
    cases.push({ label: repo, claims: githubClaims({ repo, workflow: `${'w'.repeat(n)}.yml` }) });
  }
  for (const project of ['g/p', 'group/sub/project-with-a-longer-name', 'acme/prerelease']) {
    cases.push({ label: `gitlab ${project}`, claims: gitlabClaims({ project }) });
  }
  const failures: string[] = [];
  for (const { label, claims } of cases) {
    try {
      const bundle = bundleFromJSON(await sign(claims));
      assert.equal(bundle.verificationMaterial.tlogEntries[0]?.kindVersion?.kind, 'dsse');
    } catch (e) {
      failures.push(`${label}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length}/${cases.length} signings failed`);
});

test('every certificate Fulcio returns is well-formed PEM that OpenSSL parses, including lengths at a 64-character line boundary', async () => {
  // The `workflow` claim appears once in the certificate (legacy extension 1.3.6.1.4.1.57264.1.4), so
  // lengths 1..96 step the certificate through every length modulo 48 bytes (64 base64 characters) twice.
  let atBoundary = 0;
  const problems: string[] = [];
  for (let n = 1; n <= 96; n++) {
    const claims = githubClaims(
      { repo: 'acme/prerelease', workflow: 'release.yml' },
      { workflow: 'W'.repeat(n) },
    );
    for (const pem of await fulcioChain(claims)) {
      const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s/g, '');
      if (base64.length % 64 === 0) atBoundary++;
      const lines = pem.split('\n');
      if (lines.slice(0, -1).some((l) => l === '') || lines.at(-1) !== '')
        problems.push(`workflow length ${n}: empty line inside the PEM or no final newline`);
      try {
        const parsed = new crypto.X509Certificate(pem);
        assert.equal(parsed.raw.toString('base64'), base64);
      } catch (e) {
        problems.push(`workflow length ${n}: ${(e as Error).message}`);
      }
    }
  }
  // Guards against a sweep that never reached the case this test is about.
  assert.ok(atBoundary > 0, 'no certificate had a base64 length that is a multiple of 64');
  assert.deepEqual(problems, []);
});
