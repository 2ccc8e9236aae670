import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as sigstore from 'sigstore';
import { startSigstore, verifyProvenanceAttachment } from './index.js';
import {
  GITHUB,
  mint,
  manifest,
  statement,
  tarball,
  useLocalSigstore,
} from './sigstore.test.helper.js';

const local = useLocalSigstore();
const { sign, check } = local;

test('Fulcio refuses an identity token whose audience is not sigstore', async () => {
  const res = await fetch(`${local.sigstore().fulcioUrl}/api/v2/signingCert`, {
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
    `${local.sigstore().rekorUrl}/api/v1/log/entries?logIndex=${bundle.verificationMaterial.tlogEntries[0].logIndex}`,
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
  const refused = await fetch(`${local.sigstore().rekorUrl}/api/v1/log/entries`, {
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
      fulcioURL: local.sigstore().fulcioUrl,
      rekorURL: local.sigstore().rekorUrl,
      identityToken: await mint(GITHUB),
      legacyCompatibility: true,
      retry: 0,
    },
  );
  assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle+json;version=0.2');
  const verdict = await check(JSON.stringify(bundle));
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.message);
});
