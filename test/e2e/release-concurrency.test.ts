// `--concurrency N` bounds the uploads in flight at once, and separately the verification reads: with a
// registry that answers after a delay, the sandbox's arrival and answer times show both bounds held, and
// that reads overlapped uploads (a read never takes an upload's slot).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox, type RecordedRequest } from '@trustpub/sandbox';
import { githubJob, runTrustpub, tempDir, trust, writeNpmWorkspace } from './cli-harness.js';

/** The most requests of `list` in flight at one moment (from arrival to answer). */
function mostAtOnce(list: readonly RecordedRequest[]): number {
  const edges = list.flatMap((r) => [
    { t: r.receivedAt, d: 1 },
    { t: r.at, d: -1 },
  ]);
  // An answer and an arrival at the same instant: the answer first.
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (now += e.d));
  return most;
}

test('--concurrency bounds the uploads and, separately, the verification reads', async () => {
  const sandbox = await startSandbox({ latencyMs: 60 });
  try {
    const root = tempDir('release-concurrency-');
    const names = Array.from({ length: 9 }, (_, i) => `@acme/cc-${i}`);
    writeNpmWorkspace(
      root,
      names.map((name) => ({ name })),
    );
    for (const name of names) {
      await sandbox.seed(name, '0.0.1');
      await trust(sandbox, name);
    }
    const env = await githubJob(sandbox, 'private');
    const mark = sandbox.requests().length;
    const run = await runTrustpub(['publish', '--workspaces', '--concurrency', '3'], {
      cwd: root,
      env,
    });
    assert.equal(run.code, 0, run.stderr);
    const registry = sandbox
      .requests()
      .slice(mark)
      .filter((r) => r.server === 'registry');
    const uploads = registry.filter((r) => r.method === 'PUT');
    assert.equal(uploads.length, names.length);
    const firstUpload = Math.min(...uploads.map((r) => r.receivedAt));
    // The plan's reads come before any upload; every read after the first upload is a verification.
    const verifications = registry.filter((r) => r.method === 'GET' && r.receivedAt > firstUpload);
    assert.equal(verifications.length, names.length);
    assert.equal(mostAtOnce(uploads), 3, 'three uploads at once, never more');
    assert.ok(mostAtOnce(verifications) <= 3, 'never more than three verification reads at once');
    assert.ok(
      mostAtOnce([...uploads, ...verifications]) > 3,
      'reads travelled alongside uploads instead of taking their slots',
    );
  } finally {
    await sandbox.stop();
  }
});
