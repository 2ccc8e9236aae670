// The core trust client against the sandbox: pacing between calls and Retry-After both go through
// ctx.sleep (recorded here, not waited), and the wait budget per call is bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createContext, createTrustClient, isTrustpubError } from '@trustpub/core';
import { startSandbox } from '@trustpub/sandbox';

function recordingContext() {
  const slept: number[] = [];
  const ctx = createContext({
    env: {},
    onSecret: () => {},
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  });
  return { ctx, slept };
}

test('pacing: consecutive calls are spaced by pacingMs through ctx.sleep', async () => {
  const sandbox = await startSandbox();
  const { ctx, slept } = recordingContext();
  try {
    await sandbox.seed('pace-pkg');
    const user = await sandbox.createUserToken();
    const client = createTrustClient(
      { registry: sandbox.registry, token: user.token, pacingMs: 500 },
      ctx,
    );
    for (let i = 0; i < 3; i++) assert.deepEqual(await client.list('pace-pkg'), []);
    assert.equal(slept.length, 2, 'no wait before the first call, one before each later call');
    for (const ms of slept) assert.ok(ms > 0 && ms <= 500, `waited ${ms} ms`);
  } finally {
    await ctx.dispatcher.close();
    await sandbox.stop();
  }
});

test('429: Retry-After is honoured through ctx.sleep, and a call gives up after maxRateLimitWaits', async () => {
  const sandbox = await startSandbox({ trustRateLimit: { requests: 1, perMs: 60_000 } });
  const { ctx, slept } = recordingContext();
  try {
    await sandbox.seed('limited-pkg');
    const user = await sandbox.createUserToken();
    const client = createTrustClient(
      {
        registry: sandbox.registry,
        token: user.token,
        maxRateLimitWaits: 2,
        maxRetryAfterMs: 120_000,
      },
      ctx,
    );
    assert.deepEqual(await client.list('limited-pkg'), []);
    await assert.rejects(client.list('limited-pkg'), (e: unknown) => {
      assert.ok(isTrustpubError(e));
      assert.equal(e.code, 'TRUST_RATE_LIMITED');
      assert.match(
        e.message,
        /kept refusing GET \S+\/-\/package\/limited-pkg\/trust with 429 Too Many Requests \(waited 2 times; it asks for \d+s more\)/,
      );
      assert.equal(e.packageName, 'limited-pkg');
      assert.ok(!e.message.includes(user.token));
      return true;
    });
    assert.equal(slept.length, 2);
    for (const ms of slept)
      assert.ok(ms > 50_000 && ms <= 60_000, `Retry-After honoured: ${ms} ms`);
  } finally {
    await ctx.dispatcher.close();
    await sandbox.stop();
  }
});
