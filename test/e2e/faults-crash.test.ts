// The process killed with SIGKILL in the middle of a release, and the registry restarted in the middle
// of one: whatever the first run managed, the re-run finishes the release with every package stored
// exactly once, and no report claims what the registry does not hold.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { TRUSTPUB_BIN } from './support/paths.js';
import {
  assertComplete,
  assertReportTrue,
  FAULT_PACKAGES,
  release,
  startFaultWorld,
} from './support/fault-world.js';

const FIVE = [
  ...FAULT_PACKAGES,
  { name: '@fault/d', dependencies: { '@fault/b': '^1.0.0' } },
  { name: '@fault/e' },
];

test('kill -9 during the uploads, then a re-run: every package exactly once', async () => {
  const w = await startFaultWorld({ packages: FIVE });
  try {
    const child = spawn(process.execPath, [TRUSTPUB_BIN, 'publish', '--workspaces', '--json'], {
      cwd: w.root,
      env: w.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.resume();
    child.stderr.resume();
    let puts = 0;
    w.proxy.onRequest = (r) => {
      if (r.kind === 'put' && ++puts === 2) child.kill('SIGKILL');
    };
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, sig) => resolve(sig)),
    );
    assert.equal(signal, 'SIGKILL', 'the first run was killed mid-release');
    w.proxy.onRequest = undefined;
    const rerun = await release(w);
    assert.equal(rerun.run.code, 0, rerun.run.stderr);
    await assertReportTrue(w, rerun.report);
    await assertComplete(w);
    const statuses = new Set(rerun.report.results.map((r) => r.status));
    assert.ok(statuses.has('published'), 'the re-run published what the killed run had not');
  } finally {
    await w.stop();
  }
});

test('the registry restarts during the release: the first report is true, the re-run completes', async () => {
  const w = await startFaultWorld({ packages: FIVE, provider: 'gitlab' });
  try {
    let puts = 0;
    let restarted: Promise<void> | undefined;
    w.proxy.onRequest = (r) => {
      if (r.kind === 'put' && ++puts === 2) restarted = w.restart();
    };
    const first = await release(w, ['--continue']);
    await restarted;
    w.proxy.onRequest = undefined;
    assert.ok(restarted, 'the registry was restarted mid-release');
    await assertReportTrue(w, first.report);
    const rerun = await release(w);
    assert.equal(rerun.run.code, 0, rerun.run.stderr);
    await assertReportTrue(w, rerun.report);
    await assertComplete(w);
  } finally {
    await w.stop();
  }
});
