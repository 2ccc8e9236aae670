import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  baseEnv,
  spawnTrustpub,
  tempDir,
  trust,
  writeNpmWorkspace,
  githubJob,
} from './cli-harness.js';
import { useSandbox } from './support/sandbox.js';
import { readMintedLog } from './support/tokens.js';

// The real bin in a simulated GitHub Actions job: masks, annotations, step outputs, job summary, and no
// token anywhere in the output except on a mask line.

const sandbox = useSandbox();

/** Every token the sandboxes of this test run minted so far (the runner's minted log). */
function mintedTokens(): string[] {
  const file = process.env.TRUSTPUB_SANDBOX_MINTED_LOG;
  assert.ok(file, 'runs through scripts/run-tests.mjs');
  return readMintedLog(file);
}

test('GitHub Actions: masks, ::error annotations, outputs and the job summary', async () => {
  const root = tempDir('gh-');
  writeNpmWorkspace(root, [
    { name: '@acme/gh-a' },
    { name: '@acme/gh-b', dependencies: { '@acme/gh-a': '^1.0.0' } },
    { name: '@acme/gh-bad' },
  ]);
  for (const n of ['@acme/gh-a', '@acme/gh-b', '@acme/gh-bad']) await sandbox.seed(n, '0.0.1');
  await trust(sandbox, '@acme/gh-a');
  await trust(sandbox, '@acme/gh-b');
  const outputFile = path.join(root, 'github-output');
  const summaryFile = path.join(root, 'step-summary.md');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const env = {
    ...(await githubJob(sandbox, 'public')),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
  };
  const exchangesBefore = sandbox
    .requests()
    .filter((r) => r.path.includes('/oidc/token/exchange/') && r.status === 201).length;
  const run = await spawnTrustpub(['publish', '--workspaces', '--no-preflight', '--continue'], {
    cwd: root,
    env,
  });
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);

  // Masks: the request token, the ID tokens (npm and sigstore audiences) and one exchanged token per
  // successful exchange, each announced before use; every masked value is a token the sandbox minted.
  const masks = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::add-mask::'))
    .map((l) => l.slice('::add-mask::'.length));
  const exchanges =
    sandbox.requests().filter((r) => r.path.includes('/oidc/token/exchange/') && r.status === 201)
      .length - exchangesBefore;
  assert.equal(exchanges, 2);
  const minted = new Set(mintedTokens());
  const mintedMasks = masks.filter((m) => minted.has(m));
  assert.ok(
    mintedMasks.length >= exchanges + 2,
    `masked ${mintedMasks.length} minted tokens: ${masks.length} masks`,
  );
  // No minted token anywhere else in the output.
  const unmasked = [run.stdout, run.stderr]
    .join('\n')
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  for (const token of minted)
    assert.ok(!unmasked.includes(token), 'a minted token leaked into the output');

  // The failure is annotated.
  assert.match(
    run.stdout,
    /^::error title=EXCHANGE_NO_TRUSTED_PUBLISHER \(@acme\/gh-bad@1\.0\.0\)::No trusted publisher of @acme\/gh-bad matches.*%0Afix: /m,
  );

  // Progress in the job log: one collapsible group holding a line per package, with the count so far.
  assert.match(
    run.stderr,
    /^::group::Publishing in \d+ chunk\(s\)\n(?:(?!::endgroup::)[^]*)\[3\/3\] [^]*\n::endgroup::\n/m,
  );
  assert.match(
    run.stderr,
    /^ {2}\[\d\/3\] failed EXCHANGE_NO_TRUSTED_PUBLISHER: @acme\/gh-bad@1\.0\.0/m,
  );

  // Step outputs.
  const outputs = fs.readFileSync(outputFile, 'utf8');
  assert.match(outputs, /^published=true$/m);
  const json = /published-packages<<(\S+)\n(.*)\n\1\n/.exec(outputs);
  assert.ok(json, outputs);
  const published = JSON.parse(json[2] as string) as { name: string; version: string }[];
  assert.deepEqual(published.map((p) => p.name).sort(), ['@acme/gh-a', '@acme/gh-b']);

  // Job summary: one row per package with version, tag and the provenance link.
  const summary = fs.readFileSync(summaryFile, 'utf8');
  assert.match(summary, /\| package \| version \| tag \| result \| provenance \|/);
  assert.match(
    summary,
    /\| @acme\/gh-a \| 1\.0\.0 \| latest \| published \| \[provenance\]\(\S+\) \|/,
  );
  assert.match(
    summary,
    /\| @acme\/gh-b \| 1\.0\.0 \| latest \| published \| \[provenance\]\(\S+\) \|/,
  );
  assert.match(
    summary,
    /\| @acme\/gh-bad \| 1\.0\.0 \| \| failed: `EXCHANGE_NO_TRUSTED_PUBLISHER`/,
  );
});

test('the bin prints help for every command and its version', async () => {
  const cwd = tempDir('help-');
  const env = baseEnv();
  const version = await spawnTrustpub(['--version'], { cwd, env });
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^trustpub \d+\.\d+\.\d+/);
  for (const command of ['publish', 'doctor', 'verify', 'install-auth', 'trust']) {
    const help = await spawnTrustpub([command, '--help'], { cwd, env });
    assert.equal(help.code, 0, `${command} --help: ${help.stderr}`);
    assert.match(help.stdout, /Usage: trustpub /, command);
  }
  const bad = await spawnTrustpub(['publish', '--concurrency', 'lots'], { cwd, env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--concurrency must be a positive whole number, got "lots"/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  const unknown = await spawnTrustpub(['publish', '--frobnicate'], { cwd, env });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown option '--frobnicate'/);
});

test('a user error is a code, a message and a fix, with exit code 4 and no stack', async () => {
  const cwd = tempDir('noroot-');
  const run = await spawnTrustpub(['publish', '--workspaces'], {
    cwd,
    env: { ...baseEnv(), npm_config_registry: sandbox.registry },
  });
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stderr, /^CONFIG_MANIFEST_NOT_FOUND: .*\n {2}fix: /);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});

test('verify checks integrity and provenance of published versions; a missing version fails', async () => {
  const root = tempDir('verify-');
  writeNpmWorkspace(root, [{ name: '@acme/verify-me' }]);
  await sandbox.seed('@acme/verify-me', '0.0.1');
  await trust(sandbox, '@acme/verify-me');
  const env = await githubJob(sandbox, 'public');
  const published = await spawnTrustpub(['publish', 'packages/verify-me'], { cwd: root, env });
  assert.equal(published.code, 0, published.stderr);
  const ok = await spawnTrustpub(['verify', '@acme/verify-me@1.0.0', '--json'], { cwd: root, env });
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  const result = (
    JSON.parse(ok.stdout) as {
      results: { ok: boolean; details: { integrity: string; provenance?: unknown } }[];
    }
  ).results[0];
  assert.equal(result?.ok, true);
  assert.match(result?.details.integrity ?? '', /^sha512-/);
  assert.ok(result?.details.provenance, 'the attestation was checked');
  const missing = await spawnTrustpub(['verify', '@acme/verify-me@9.9.9'], { cwd: root, env });
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /FAILED {4}@acme\/verify-me@9\.9\.9 {2}VERIFY_VERSION_NOT_FOUND/);
});

test('--dry-run prints the plan in chunk order and uploads nothing', async () => {
  const root = tempDir('dry-');
  writeNpmWorkspace(root, [
    { name: '@acme/dry-a' },
    { name: '@acme/dry-b', dependencies: { '@acme/dry-a': '^1.0.0' } },
  ]);
  for (const n of ['@acme/dry-a', '@acme/dry-b']) {
    await sandbox.seed(n, '0.0.1');
    await trust(sandbox, n);
  }
  const env = await githubJob(sandbox, 'private');
  const mark = sandbox.requests().length;
  const run = await spawnTrustpub(['publish', '--workspaces', '--dry-run', '--tag', 'next'], {
    cwd: root,
    env,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /Dry run: nothing was uploaded\. Plan \(registry http:\/\/127\.0\.0\.1:\d+\/\):\n {2}chunk 1\/2:\n {4}@acme\/dry-a@1\.0\.0 {2}tag next {2}access \S+ {2}provenance no\n {2}chunk 2\/2:\n {4}@acme\/dry-b@1\.0\.0 {2}tag next/,
  );
  assert.equal(
    sandbox
      .requests()
      .slice(mark)
      .filter((r) => r.method === 'PUT').length,
    0,
  );
});

test('--fallback-token-env: the named token publishes only the package whose exchange is refused, and the report says so', async () => {
  const root = tempDir('fallback-');
  writeNpmWorkspace(root, [{ name: '@acme/fb-trusted' }, { name: '@acme/fb-untrusted' }]);
  for (const n of ['@acme/fb-trusted', '@acme/fb-untrusted']) await sandbox.seed(n, '0.0.1');
  await trust(sandbox, '@acme/fb-trusted');
  const { token } = await sandbox.createUserToken();
  const env = {
    ...(await githubJob(sandbox, 'private')),
    NPM_TOKEN: token,
  };
  // Without naming it, the configured token is never used: preflight refuses the untrusted package.
  const refused = await spawnTrustpub(['publish', '--workspaces'], { cwd: root, env });
  assert.equal(refused.code, 3, refused.stderr);
  const run = await spawnTrustpub(
    ['publish', '--workspaces', '--fallback-token-env', 'NPM_TOKEN'],
    { cwd: root, env },
  );
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.match(
    run.stderr,
    /Note: --fallback-token-env NPM_TOKEN: the token in NPM_TOKEN is used for a package only when its token exchange is impossible/,
  );
  assert.match(
    run.stderr,
    /warning EXCHANGE_NO_TRUSTED_PUBLISHER \[@acme\/fb-untrusted\].*\n[\s\S]*@acme\/fb-untrusted will be published with the token in NPM_TOKEN/,
  );
  assert.match(
    run.stdout,
    /published +@acme\/fb-untrusted@1\.0\.0 +tag latest +\(authenticated with the fallback token, not OIDC\)/,
  );
  assert.match(run.stdout, /published +@acme\/fb-trusted@1\.0\.0 +tag latest\n/);
  const unmasked = (run.stdout + run.stderr)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  assert.ok(!unmasked.includes(token));
});

test('a dependency cycle is reported with the packages in it, exit code 4, nothing sent', async () => {
  const root = tempDir('cycle-');
  writeNpmWorkspace(root, [
    { name: '@acme/cy-x', dependencies: { '@acme/cy-y': '^1.0.0' } },
    { name: '@acme/cy-y', peerDependencies: { '@acme/cy-x': '^1.0.0' } },
  ]);
  const env = await githubJob(sandbox, 'private');
  const mark = sandbox.requests().length;
  const run = await spawnTrustpub(['publish', '--workspaces'], { cwd: root, env });
  assert.equal(run.code, 4, run.stderr);
  assert.match(
    run.stderr,
    /^RELEASE_DEPENDENCY_CYCLE: These packages depend on each other in a cycle: @acme\/cy-x <-> @acme\/cy-y\.\n {2}fix: /m,
  );
  assert.equal(
    sandbox
      .requests()
      .slice(mark)
      .filter((r) => r.method !== 'GET').length,
    0,
  );
});
