// Provenance end to end through the sandbox's own Sigstore: the core builds the statement from a sandbox
// CI job's variables, gets the sigstore-audience identity the way npm does, signs against the sandbox's
// Fulcio and Rekor, and the bundle verifies both with the core's verifier and with the registry-side check.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  TrustpubError,
  buildProvenanceStatement,
  createContext,
  detectCi,
  signProvenance,
  verifyProvenanceBundle,
  type CoreContext,
} from '@trustpub/core';
import { verifyProvenanceAttachment } from '@trustpub/sandbox';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

const tarball = Buffer.from('the tarball bytes whose digest the subject carries');
const sha512 = createHash('sha512').update(tarball).digest('hex');
const packed = { manifest: { name: '@octo/prov', version: '1.0.0' }, tarball };

function jobContext(env: Record<string, string>): CoreContext & { logged: string[] } {
  const logged: string[] = [];
  const keep = (m: string) => void logged.push(m);
  const ctx = createContext({
    env,
    cwd: process.cwd(),
    logger: { debug: keep, info: keep, warn: keep, error: keep },
    onSecret: () => {},
  });
  return Object.assign(ctx, { logged });
}

async function signIn(env: Record<string, string>) {
  const ctx = jobContext(env);
  const ci = detectCi(ctx);
  assert.ok(ci);
  const statement = buildProvenanceStatement(ci, packed, ctx.env);
  return { ctx, signed: await signProvenance(statement, {}, ctx) };
}

test('GitHub: signed with a sigstore-audience token from the ID-token endpoint; verifies in core and at the registry', async () => {
  const env = await sandbox.ciEnv('github', {
    repo: 'octo/prov',
    workflow: 'release.yml',
    ref: 'refs/tags/v1.0.0',
  });
  const { ctx, signed } = await signIn(env);
  assert.equal(signed.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
  assert.equal(signed.predicateType, 'https://slsa.dev/provenance/v1');
  assert.match(
    signed.transparencyLogUrl ?? '',
    /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/log\/entries\?logIndex=\d+$/,
  );
  // The identity came from the job's ID-token endpoint (no SIGSTORE_ID_TOKEN on GitHub), and the local
  // Fulcio certifies only "sigstore"-audience tokens (see the last test), so this was the sigstore request.
  assert.equal(env.SIGSTORE_ID_TOKEN, undefined);
  assert.ok(
    sandbox.requests().some((r) => r.server === 'issuer' && r.method === 'GET' && r.status === 200),
  );

  const verified = await verifyProvenanceBundle(
    signed.json,
    {
      name: '@octo/prov',
      version: '1.0.0',
      tarballSha512Hex: sha512,
      repository: 'octo/prov',
      workflowPath: '.github/workflows/release.yml',
    },
    ctx,
  );
  assert.equal(verified.signer.sourceRepositoryUri, 'https://github.com/octo/prov');
  assert.equal(
    verified.signer.san,
    'https://github.com/octo/prov/.github/workflows/release.yml@refs/tags/v1.0.0',
  );
  assert.equal(verified.rekorLogIndex, signed.rekorLogIndex);

  const verdict = await verifyProvenanceAttachment(signed.json, {
    tarball,
    manifest: {
      name: '@octo/prov',
      version: '1.0.0',
      repository: { type: 'git', url: 'git+https://github.com/octo/prov.git' },
    },
    trustedRoot: sandbox.trustedRootPath,
  });
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.message);
});

test('GitLab: signed with SIGSTORE_ID_TOKEN; the v0.1/v0.2 statement verifies for the project and CI file', async () => {
  const env = await sandbox.ciEnv('gitlab', { project: 'grp/prov' });
  const { ctx, signed } = await signIn(env);
  assert.equal(signed.predicateType, 'https://slsa.dev/provenance/v0.2');
  const verified = await verifyProvenanceBundle(
    signed.json,
    {
      name: '@octo/prov',
      version: '1.0.0',
      tarballSha512Hex: sha512,
      repository: 'grp/prov',
      workflowPath: '.gitlab-ci.yml',
    },
    ctx,
  );
  assert.match(verified.signer.sourceRepositoryUri ?? '', /\/grp\/prov$/);
  const verdict = await verifyProvenanceAttachment(signed.json, {
    tarball,
    manifest: {
      name: '@octo/prov',
      version: '1.0.0',
      repository: verified.signer.sourceRepositoryUri ?? '',
    },
    trustedRoot: sandbox.trustedRootPath,
  });
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.message);
});

test('verification names what is wrong: other tarball, other repository, other workflow, tampered payload', async () => {
  const env = await sandbox.ciEnv('github', { repo: 'octo/prov', workflow: 'release.yml' });
  const { ctx, signed } = await signIn(env);
  const base = { name: '@octo/prov', version: '1.0.0', tarballSha512Hex: sha512 };
  const invalid = (re: RegExp) => (e: unknown) =>
    e instanceof TrustpubError && e.code === 'VERIFY_PROVENANCE_INVALID' && re.test(e.message);
  await assert.rejects(
    verifyProvenanceBundle(signed.json, { ...base, tarballSha512Hex: '00'.repeat(64) }, ctx),
    invalid(/not the digest of the published tarball/),
  );
  await assert.rejects(
    verifyProvenanceBundle(signed.json, { ...base, version: '1.0.1' }, ctx),
    invalid(/not this package \(pkg:npm\/%40octo\/prov@1\.0\.1\)/),
  );
  await assert.rejects(
    verifyProvenanceBundle(signed.json, { ...base, repository: 'octo/other' }, ctx),
    invalid(/signed in https:\/\/github\.com\/octo\/prov, not in octo\/other/),
  );
  await assert.rejects(
    verifyProvenanceBundle(signed.json, { ...base, workflowPath: 'other.yml' }, ctx),
    invalid(/not by other\.yml/),
  );

  const tampered = JSON.parse(signed.json) as { dsseEnvelope: { payload: string } };
  tampered.dsseEnvelope.payload = Buffer.from(
    JSON.stringify({ subject: [{ name: 'pkg:npm/%40octo/prov@1.0.0', digest: { sha512 } }] }),
  ).toString('base64');
  await assert.rejects(
    verifyProvenanceBundle(tampered, base, ctx),
    invalid(/does not verify against the trusted root/),
  );
  const verdict = await verifyProvenanceAttachment(JSON.stringify(tampered), {
    tarball,
    manifest: { name: '@octo/prov', version: '1.0.0', repository: 'https://github.com/octo/prov' },
    trustedRoot: sandbox.trustedRootPath,
  });
  assert.deepEqual(verdict, {
    ok: false,
    status: 422,
    message: 'Error verifying sigstore provenance bundle: DSSE payload hash mismatch',
  });
});

test('a signing failure is PROVENANCE_SIGNING_FAILED with the identity token redacted', async () => {
  const env = await sandbox.ciEnv('gitlab', { project: 'grp/prov' });
  // The npm-audience token is not for Fulcio: the local Fulcio refuses it, as the real one would.
  const wrongAudience = env.NPM_ID_TOKEN ?? '';
  const ctx = jobContext({ ...env, SIGSTORE_ID_TOKEN: wrongAudience });
  const ci = detectCi(ctx);
  assert.ok(ci);
  await assert.rejects(
    signProvenance(buildProvenanceStatement(ci, packed, ctx.env), {}, ctx),
    (e: unknown) => {
      assert.ok(e instanceof TrustpubError);
      assert.equal(e.code, 'PROVENANCE_SIGNING_FAILED');
      assert.match(e.message, /Fulcio: http:\/\/127\.0\.0\.1/);
      assert.ok(!JSON.stringify(e.toJSON()).includes(wrongAudience));
      assert.equal(e.cause, undefined);
      return true;
    },
  );
});
