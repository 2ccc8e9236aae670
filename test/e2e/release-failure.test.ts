import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '@trustpub/sandbox';
import {
  packument,
  runTrustpub,
  tempDir,
  trust,
  writeNpmWorkspace,
  type FixturePackage,
  githubJob,
} from './cli-harness.js';

// chunk 1: a, b   chunk 2: c (-> a, untrusted), d (-> b)   chunk 3: e (-> c), f (-> d)
const PACKAGES: FixturePackage[] = [
  { name: '@acme/a' },
  { name: '@acme/b' },
  { name: '@acme/c', dependencies: { '@acme/a': '^1.0.0' } },
  { name: '@acme/d', dependencies: { '@acme/b': '^1.0.0' } },
  { name: '@acme/e', dependencies: { '@acme/c': '^1.0.0' } },
  { name: '@acme/f', dependencies: { '@acme/d': '^1.0.0' } },
];

interface Report {
  ok: boolean;
  results: {
    name: string;
    status: string;
    chunk: number;
    reason?: string;
    error?: { code: string; hint: string };
  }[];
  findings: { code: string; packageName?: string; message: string }[];
}

async function setup(): Promise<{ sandbox: Sandbox; root: string; env: Record<string, string> }> {
  const sandbox = await startSandbox();
  const root = tempDir('release-fail-');
  writeNpmWorkspace(root, PACKAGES);
  for (const p of PACKAGES) {
    await sandbox.seed(p.name, '0.0.1');
    if (p.name !== '@acme/c') await trust(sandbox, p.name);
  }
  const env = await githubJob(sandbox, 'private');
  return { sandbox, root, env };
}

const byName = (r: Report) => Object.fromEntries(r.results.map((e) => [e.name, e]));
const has = async (sandbox: Sandbox, name: string) =>
  Boolean((await packument(sandbox, name))?.versions?.['1.0.0']);

let s: Awaited<ReturnType<typeof setup>>;
before(async () => {
  s = await setup();
});
after(async () => {
  await s?.sandbox.stop();
});

test('preflight stops an untrusted package before anything is uploaded', async () => {
  const run = await runTrustpub(['publish', '--workspaces', '--json'], { cwd: s.root, env: s.env });
  assert.equal(run.code, 3, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  const finding = report.findings.find((f) => f.packageName === '@acme/c');
  assert.equal(finding?.code, 'EXCHANGE_NO_TRUSTED_PUBLISHER');
  assert.match(finding?.message ?? '', /repository: acme\/monorepo/);
  assert.ok(report.results.every((r) => r.status === 'skipped' && r.reason === 'cancelled'));
  for (const p of PACKAGES)
    assert.equal(await has(s.sandbox, p.name), false, `${p.name} must not be published`);
  assert.equal(s.sandbox.requests().filter((r) => r.method === 'PUT').length, 0);
});

test('a mid-release failure leaves chunk 1 published, later chunks untouched, and a re-run completes it', async () => {
  const mark = s.sandbox.requests().length;
  const run = await runTrustpub(['publish', '--workspaces', '--no-preflight'], {
    cwd: s.root,
    env: s.env,
    isTTY: true,
  });
  assert.equal(run.code, 1, run.stderr);
  // On a terminal: chunk headers, the packages being published, a line per finished package.
  assert.match(run.stderr, /Chunk 2\/3: 2 package\(s\)/);
  assert.match(run.stderr, /\[\d\/6\] publishing /);
  assert.match(
    run.stderr,
    / {2}\[\d\/6\] failed EXCHANGE_NO_TRUSTED_PUBLISHER: @acme\/c@1\.0\.0 \(chunk 2\/3\)\n/,
  );
  assert.match(
    run.stderr,
    / {2}\[\d\/6\] skipped \(dependency-failed\): @acme\/e@1\.0\.0 \(chunk 3\/3\)\n/,
  );
  assert.doesNotMatch(run.stderr, /\[0\/0\]/);
  // The human report names every package and what happened to it.
  assert.match(run.stdout, /Published 3, already published 0, skipped 2, failed 1/);
  assert.match(run.stdout, /failed +@acme\/c@1\.0\.0 +EXCHANGE_NO_TRUSTED_PUBLISHER/);
  assert.match(
    run.stdout,
    /fix: .*trustpub trust github @acme\/c --repo acme\/monorepo --file release\.yml/,
  );
  assert.match(
    run.stdout,
    /skipped +@acme\/e@1\.0\.0 +\(dependency-failed\) Not published: it depends on @acme\/c/,
  );
  assert.match(run.stdout, /skipped +@acme\/f@1\.0\.0 +\(cancelled\)/);
  assert.match(run.stdout, /Not published: @acme\/c@1\.0\.0, @acme\/e@1\.0\.0, @acme\/f@1\.0\.0\./);
  for (const n of ['@acme/a', '@acme/b', '@acme/d']) assert.equal(await has(s.sandbox, n), true, n);
  for (const n of ['@acme/c', '@acme/e', '@acme/f'])
    assert.equal(await has(s.sandbox, n), false, n);
  // Chunk 3 was never uploaded: no PUT for e or f (their exchanges ran at the start, with every other
  // package's, and their tokens were simply not used).
  const uploads = s.sandbox
    .requests()
    .slice(mark)
    .filter((r) => r.method === 'PUT')
    .map((r) => r.path);
  assert.ok(!uploads.some((p) => p.endsWith('%2fe') || p.endsWith('%2ff')), uploads.join(', '));

  await trust(s.sandbox, '@acme/c');
  const rerun = await runTrustpub(['publish', '--workspaces', '--json'], {
    cwd: s.root,
    env: s.env,
  });
  assert.equal(rerun.code, 0, rerun.stderr);
  const report = byName(JSON.parse(rerun.stdout) as Report);
  for (const n of ['@acme/a', '@acme/b', '@acme/d'])
    assert.equal(report[n]?.status, 'already-published', n);
  for (const n of ['@acme/c', '@acme/e', '@acme/f'])
    assert.equal(report[n]?.status, 'published', n);
  for (const p of PACKAGES) assert.equal(await has(s.sandbox, p.name), true);
});

test('--continue publishes everything that does not depend on the failure', async () => {
  const t = await setup();
  try {
    const run = await runTrustpub(
      ['publish', '--workspaces', '--no-preflight', '--continue', '--json'],
      { cwd: t.root, env: t.env },
    );
    assert.equal(run.code, 1);
    const report = byName(JSON.parse(run.stdout) as Report);
    assert.equal(report['@acme/c']?.status, 'failed');
    assert.equal(report['@acme/c']?.error?.code, 'EXCHANGE_NO_TRUSTED_PUBLISHER');
    assert.equal(report['@acme/e']?.status, 'skipped');
    assert.equal(report['@acme/e']?.reason, 'dependency-failed');
    assert.equal(report['@acme/f']?.status, 'published');
    assert.equal(await has(t.sandbox, '@acme/e'), false);
    assert.equal(await has(t.sandbox, '@acme/f'), true);
  } finally {
    await t.sandbox.stop();
  }
});
