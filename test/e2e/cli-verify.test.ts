import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  REPO,
  spawnTrustpub,
  tempDir,
  trust,
  WORKFLOW,
  writeNpmWorkspace,
  githubJob,
} from './cli-harness.js';
import { useSandbox } from './support/sandbox.js';

// `trustpub verify` requires a provenance attestation unless told otherwise, and checks the repository
// and workflow in its certificate when asked.

let root: string;
let env: Record<string, string>;

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    // 0.0.1 is the admin's seed: published with a token, no attestation.
    await sandbox.seed('@acme/verified', '0.0.1');
    await trust(sandbox, '@acme/verified');
    root = tempDir('verify-flags-');
    writeNpmWorkspace(root, [{ name: '@acme/verified' }]);
    env = await githubJob(sandbox, 'public');
    const published = await spawnTrustpub(['publish', 'packages/verified'], { cwd: root, env });
    assert.equal(published.code, 0, published.stderr);
  },
});

const verify = (...args: string[]) =>
  spawnTrustpub(['verify', ...args, '--registry', sandbox.registry], { cwd: root, env });

test('a version without an attestation fails by default', async () => {
  const run = await verify('@acme/verified@0.0.1');
  assert.equal(run.code, 1, run.stdout);
  assert.match(run.stdout, /FAILED {4}@acme\/verified@0\.0\.1 {2}VERIFY_ATTESTATION_MISSING: /);
  // The fix names this command's option for versions published without provenance.
  assert.match(run.stdout, /fix: .* verifies with --no-provenance\.\n/);
});

test('--no-provenance accepts a version without an attestation', async () => {
  const run = await verify('@acme/verified@0.0.1', '--no-provenance');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /verified {2}@acme\/verified@0\.0\.1 {2}\(integrity sha512-/);
});

test('the right repository and workflow verify; another repository or workflow fails', async () => {
  const right = await verify('@acme/verified@1.0.0', '--repo', REPO, '--workflow', WORKFLOW);
  assert.equal(right.code, 0, right.stdout + right.stderr);
  assert.match(right.stdout, /verified {2}@acme\/verified@1\.0\.0 .*provenance verified/);
  const repo = await verify('@acme/verified@1.0.0', '--repo', 'evil/fork');
  assert.equal(repo.code, 1, repo.stdout);
  assert.match(
    repo.stdout,
    /VERIFY_PROVENANCE_INVALID: .*signed in .*acme\/monorepo.*not in evil\/fork/,
  );
  const workflow = await verify('@acme/verified@1.0.0', '--workflow', 'nightly.yml');
  assert.equal(workflow.code, 1, workflow.stdout);
  assert.match(workflow.stdout, /VERIFY_PROVENANCE_INVALID: .*not by nightly\.yml/);
});

test('--repo with --no-provenance is a usage error', async () => {
  const run = await verify('@acme/verified@1.0.0', '--repo', REPO, '--no-provenance');
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /cannot be combined with --no-provenance/);
});

test('Sigstore out of reach is VERIFY_NETWORK, not an invalid bundle', async () => {
  // The public-good path (no TRUSTPUB_TRUSTED_ROOT) with its trusted-root mirror on a closed port.
  const publicGood = Object.fromEntries(
    Object.entries(env).filter(([k]) => k !== 'TRUSTPUB_TRUSTED_ROOT'),
  );
  const run = await spawnTrustpub(
    ['verify', '@acme/verified@1.0.0', '--registry', sandbox.registry],
    {
      cwd: root,
      env: {
        ...publicGood,
        TRUSTPUB_TUF_MIRROR_URL: 'http://127.0.0.1:9',
        HOME: tempDir('verify-home-'),
      },
    },
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /FAILED {4}@acme\/verified@1\.0\.0 {2}VERIFY_NETWORK: Could not fetch the Sigstore trusted root/,
  );
  assert.doesNotMatch(run.stdout, /VERIFY_PROVENANCE_INVALID|cannot be repaired/);
});
