// Faults before the upload: the ID-token endpoint, the exchange (the preflight's too), packument reads
// and the visibility check provenance depends on. Transient faults are ridden out within seconds; lasting
// ones fail only the package they hit, before its upload, and never cost a package its provenance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTrustpub } from './cli-harness.js';
import { faults } from './support/fault-proxy.js';
import {
  assertComplete,
  assertReportTrue,
  release,
  startFaultWorld,
  unmasked,
  uploadsOf,
  type Report,
} from './support/fault-world.js';

test('one 429 (Retry-After) and one 503 on exchanges: ridden out, every package published', async () => {
  const w = await startFaultWorld();
  try {
    w.proxy.add({ kind: 'exchange', packageName: '@fault/b', fault: faults.tooManyRequests(1) });
    w.proxy.add({ kind: 'exchange', packageName: '@fault/a', fault: faults.statusBefore(503) });
    const { run, report } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(report.findings.filter((f) => f.severity === 'error').length, 0);
    await assertComplete(w);
    await assertReportTrue(w, report);
    const b = w.proxy.log().filter((r) => r.kind === 'exchange' && r.packageName === '@fault/b');
    assert.ok(b.length >= 2 && b[1]!.at - b[0]!.at >= 950, 'waited for Retry-After');
  } finally {
    await w.stop();
  }
});

test('a hung ID-token endpoint costs seconds, not minutes', async () => {
  const w = await startFaultWorld({ env: { TRUSTPUB_TIMEOUT_ID_TOKEN: '1' } });
  try {
    w.issuerProxy.add({ kind: 'id-token', fault: faults.hang() });
    const started = Date.now();
    const { run, report } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    await assertComplete(w);
    await assertReportTrue(w, report);
  } finally {
    await w.stop();
  }
});

test('a hung exchange is cut off by its timeout and asked again', async () => {
  const w = await startFaultWorld({ env: { TRUSTPUB_TIMEOUT_EXCHANGE: '1' } });
  try {
    w.proxy.add({ kind: 'exchange', packageName: '@fault/c', fault: faults.hang() });
    const started = Date.now();
    const { run, report } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    await assertComplete(w);
    await assertReportTrue(w, report);
  } finally {
    await w.stop();
  }
});

for (const [title, fault] of [
  ['truncated', faults.truncated()],
  ['not JSON', faults.nonJson(200)],
  ['reset', faults.resetBefore()],
] as const) {
  test(`a packument read answered ${title}: no wrong upload; the release or its re-run completes`, async () => {
    const w = await startFaultWorld();
    try {
      w.proxy.add({ kind: 'packument', packageName: '@fault/b', fault });
      const first = await runTrustpub(['publish', '--workspaces', '--json'], {
        cwd: w.root,
        env: w.env,
      });
      if (first.code !== 0) {
        // A coded failure (in the report, or of the plan itself), and b was not uploaded.
        assert.match(first.stderr + first.stdout, /[A-Z_]{6,}/, unmasked(first.stderr));
        assert.doesNotMatch(first.stderr, /\n\s+at .+:\d+:\d+/);
        assert.equal(uploadsOf(w, '@fault/b'), 0);
        if (first.stdout.trim()) await assertReportTrue(w, JSON.parse(first.stdout) as Report);
        const rerun = await release(w);
        assert.equal(rerun.run.code, 0, rerun.run.stderr);
        await assertReportTrue(w, rerun.report);
      }
      await assertComplete(w);
    } finally {
      await w.stop();
    }
  });
}

test('provenance due, visibility check hangs once: retried, published with provenance', async () => {
  const w = await startFaultWorld({
    visibility: 'public',
    env: { TRUSTPUB_TIMEOUT_VISIBILITY: '1' },
  });
  try {
    w.proxy.add({ kind: 'visibility', packageName: '@fault/b', fault: faults.hang() });
    const { run, report, byName } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(byName['@fault/b']?.provenance, 'b has provenance');
    await assertComplete(w, { attestations: true });
    await assertReportTrue(w, report);
  } finally {
    await w.stop();
  }
});

test('provenance due, visibility check always fails: that package fails before its upload, never published without provenance; the re-run completes', async () => {
  const w = await startFaultWorld({ visibility: 'public' });
  try {
    w.proxy.add({
      kind: 'visibility',
      packageName: '@fault/b',
      times: Infinity,
      fault: faults.statusBefore(500),
    });
    const { run, report, byName } = await release(w, ['--continue']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(byName['@fault/b']?.error?.code, 'PROVENANCE_CHECK_FAILED');
    assert.equal(byName['@fault/b']?.outcome, 'not-published');
    assert.match(byName['@fault/b']?.error?.hint ?? '', /--no-provenance/);
    assert.equal(uploadsOf(w, '@fault/b'), 0);
    for (const n of ['@fault/a', '@fault/c']) assert.ok(byName[n]?.provenance, `${n} provenance`);
    await assertReportTrue(w, report);
    w.proxy.clear();
    const rerun = await release(w);
    assert.equal(rerun.run.code, 0, rerun.run.stderr);
    assert.ok(rerun.byName['@fault/b']?.provenance, 'b published with provenance');
    await assertComplete(w, { attestations: true });
  } finally {
    await w.stop();
  }
});
