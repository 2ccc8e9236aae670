// Faults on the upload itself, injected by a proxy in front of the sandbox: the registry's final state
// holds every package exactly once, the report tells the truth about each, and a re-run completes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTrustpub } from './cli-harness.js';
import { faults } from './support/fault-proxy.js';
import {
  assertComplete,
  assertReportTrue,
  publishedOutput,
  release,
  startFaultWorld,
  uploadsOf,
} from './support/fault-world.js';

const ALL = ['@fault/a', '@fault/b', '@fault/c'];

test('a reset before the PUT reaches the registry: read, absent, sent again, published once', async () => {
  const w = await startFaultWorld();
  try {
    w.proxy.add({ kind: 'put', packageName: '@fault/b', fault: faults.resetBefore() });
    const { run, report, byName } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(byName['@fault/b']?.status, 'published');
    await assertComplete(w);
    await assertReportTrue(w, report);
    assert.deepEqual(publishedOutput(w), ALL);
    const puts = w.proxy.log().filter((r) => r.kind === 'put' && r.packageName === '@fault/b');
    assert.deepEqual(
      puts.map((r) => r.fault ?? 'passed'),
      ['reset-before', 'passed'],
    );
  } finally {
    await w.stop();
  }
});

for (const [title, fault] of [
  ['a reset after the registry stored the PUT', faults.resetAfter()],
  ['502 after the registry stored the PUT', faults.statusAfter(502)],
  ['504 after the registry stored the PUT', faults.statusAfter(504)],
] as const) {
  test(`${title}: resolved by reading, not resent; reported published everywhere`, async () => {
    const w = await startFaultWorld();
    try {
      w.proxy.add({ kind: 'put', packageName: '@fault/b', fault });
      const { run, report, byName } = await release(w);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(byName['@fault/b']?.status, 'published');
      assert.equal(byName['@fault/b']?.outcome, 'published');
      await assertComplete(w);
      await assertReportTrue(w, report);
      assert.deepEqual(publishedOutput(w), ALL);
      // One PUT of b reached the proxy: the lost answer was resolved by the packument, not a resend.
      assert.equal(
        w.proxy.log().filter((r) => r.kind === 'put' && r.packageName === '@fault/b').length,
        1,
      );
      const rerun = await release(w);
      assert.equal(rerun.run.code, 0, rerun.run.stderr);
      assert.equal(rerun.byName['@fault/b']?.status, 'already-published');
    } finally {
      await w.stop();
    }
  });
}

test('503 before storing: sent again and published once', async () => {
  const w = await startFaultWorld();
  try {
    w.proxy.add({
      kind: 'put',
      packageName: '@fault/a',
      times: 2,
      fault: faults.statusBefore(503),
    });
    const { run, report } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    await assertComplete(w);
    await assertReportTrue(w, report);
    assert.equal(uploadsOf(w, '@fault/a'), 1);
  } finally {
    await w.stop();
  }
});

test('429 with Retry-After on the PUT: waits as told, then publishes', async () => {
  const w = await startFaultWorld();
  try {
    w.proxy.add({ kind: 'put', packageName: '@fault/c', fault: faults.tooManyRequests(1) });
    const { run, report } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    await assertComplete(w);
    await assertReportTrue(w, report);
    const puts = w.proxy.log().filter((r) => r.kind === 'put' && r.packageName === '@fault/c');
    assert.equal(puts.length, 2);
    assert.ok(puts[1]!.at - puts[0]!.at >= 950, `waited ${puts[1]!.at - puts[0]!.at} ms`);
  } finally {
    await w.stop();
  }
});

test('a hung PUT is cut off by the upload timeout, resolved by reading, and published', async () => {
  const w = await startFaultWorld({ env: { TRUSTPUB_TIMEOUT_UPLOAD: '1' } });
  try {
    w.proxy.add({ kind: 'put', packageName: '@fault/b', fault: faults.hang() });
    const started = Date.now();
    const { run, report } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(Date.now() - started < 30_000, 'the release did not stall');
    await assertComplete(w);
    await assertReportTrue(w, report);
  } finally {
    await w.stop();
  }
});

test('answer lost and the registry unreadable: unknown, said so everywhere; the re-run completes', async () => {
  const w = await startFaultWorld();
  try {
    w.proxy.add({ kind: 'put', packageName: '@fault/b', fault: faults.resetAfter() });
    // From the moment b's upload arrives, every read of b's packument fails.
    w.proxy.onRequest = (r) => {
      if (r.kind === 'put' && r.packageName === '@fault/b')
        w.proxy.add({
          kind: 'packument',
          packageName: '@fault/b',
          times: Infinity,
          fault: faults.statusBefore(503),
        });
    };
    const run = await runTrustpub(['publish', '--workspaces'], { cwd: w.root, env: w.env });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /failed +@fault\/b@1\.0\.0 +PUBLISH_OUTCOME_UNKNOWN/);
    assert.match(run.stdout, /Unknown \(the upload's answer was lost[^)]*\): @fault\/b@1\.0\.0\./);
    // c waits behind the failure (stop on failure); b is neither published nor not published.
    assert.match(run.stdout, /\nNot published: @fault\/c@1\.0\.0\.\n/);
    assert.deepEqual(publishedOutput(w), ['@fault/a']);
    assert.equal(uploadsOf(w, '@fault/a'), 1);
    w.proxy.onRequest = undefined;
    w.proxy.clear();
    const rerun = await release(w);
    assert.equal(rerun.run.code, 0, rerun.run.stderr);
    assert.equal(rerun.byName['@fault/b']?.status, 'already-published');
    await assertComplete(w);
    await assertReportTrue(w, rerun.report);
  } finally {
    await w.stop();
  }
});

test('a registry that stores late: the read after the lost answer finds nothing, the upload sent again is refused, the read after that finds it: published', async () => {
  const w = await startFaultWorld();
  try {
    // What the registry served before the release: b without 1.0.0.
    const before = await fetch(new URL('@fault%2fb?write=true', w.sandbox.registry));
    const stale = await before.text();
    // The first upload of b is stored, its answer lost.
    w.proxy.add({ kind: 'put', packageName: '@fault/b', fault: faults.resetAfter() });
    w.proxy.onRequest = (r) => {
      if (r.kind !== 'put' || r.packageName !== '@fault/b') return;
      w.proxy.onRequest = undefined;
      // The next read of b still shows the old document, and the upload sent again is refused.
      w.proxy.add({
        kind: 'packument',
        packageName: '@fault/b',
        fault: {
          answer: { status: 200, body: stale, headers: { 'content-type': 'application/json' } },
        },
      });
      w.proxy.add({
        kind: 'put',
        packageName: '@fault/b',
        fault: faults.statusBefore(404, '{"error":"Not found"}'),
      });
    };
    const { run, report, byName } = await release(w);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(byName['@fault/b']?.status, 'published');
    assert.equal(byName['@fault/b']?.outcome, 'published');
    await assertReportTrue(w, report);
    await assertComplete(w);
    assert.deepEqual(publishedOutput(w), ALL);
    assert.deepEqual(
      w.proxy
        .log()
        .filter((r) => r.kind === 'put' && r.packageName === '@fault/b')
        .map((r) => r.fault ?? 'passed'),
      ['reset-after', '404-before'],
    );
  } finally {
    await w.stop();
  }
});
