import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { SignJWT, generateKeyPair } from 'jose';
import * as sigstore from 'sigstore';
import { startSigstore, verifyProvenanceAttachment, type LocalSigstore } from './index.js';

// What the local Sigstore's tests share: a test-only ID-token issuer (the sandbox's real issuer is not
// needed to exercise Fulcio and Rekor), the claims of a GitHub and a GitLab job, a statement over a
// tarball, and a local Sigstore started for the file's tests.
const { privateKey } = await generateKeyPair('RS256');
export async function mint(claims: Record<string, unknown>, aud = 'sigstore'): Promise<string> {
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

export const GITHUB = {
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
export const GITLAB = {
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
export interface BundleJson {
  dsseEnvelope: { payload: string; signatures: [{ sig: string }] };
}

export const tarball = Buffer.from('not really a tarball, but bytes with a digest');
export const sha512 = crypto.createHash('sha512').update(tarball).digest('hex');
export const manifest = {
  name: '@sc/prov',
  version: '1.0.0',
  repository: { type: 'git', url: 'git+https://github.com/octo-org/octo-repo.git' },
};
export const statement = (name = 'pkg:npm/%40sc/prov@1.0.0', digest = sha512) => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name, digest: { sha512: digest } }],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: { buildDefinition: {}, runDetails: {} },
});

/** A local Sigstore for the calling file's tests (started before them, stopped after), and signing with it. */
export function useLocalSigstore() {
  let sg: LocalSigstore | undefined;
  before(async () => {
    sg = await startSigstore({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'sigstore-')) });
  });
  after(async () => {
    await sg?.stop();
  });
  const started = (): LocalSigstore => {
    if (!sg) throw new Error('the local Sigstore is not started yet');
    return sg;
  };

  /** Signs exactly as npm does: `sigstore.attest`, default options, so a `dsse` tlog entry and a v0.3 bundle. */
  async function sign(
    claims: Record<string, unknown>,
    stmt: object = statement(),
    s: LocalSigstore = started(),
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
      trustedRoot: started().trustedRootPath,
    });

  return { sigstore: started, sign, check };
}
