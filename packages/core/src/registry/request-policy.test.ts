import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retrySettings, timeoutFor } from './request-policy.js';
import { hasCode, testContext } from '../kernel/support.test.helper.js';

test('each kind has its own limit; the environment overrides it; uploads scale with size', () => {
  const ctx = testContext();
  assert.equal(timeoutFor('id-token', ctx), 10_000);
  assert.equal(timeoutFor('exchange', ctx), 15_000);
  assert.equal(timeoutFor('upload', ctx, 10 * 256 * 1024), 70_000);
  const set = testContext({
    env: { TRUSTPUB_TIMEOUT_ID_TOKEN: '1.5', TRUSTPUB_TIMEOUT_UPLOAD: '3' },
  });
  assert.equal(timeoutFor('id-token', set), 1_500);
  assert.equal(timeoutFor('upload', set, 0), 3_000);
});

test('retries and the first delay come from the environment; nonsense is refused by name', () => {
  assert.deepEqual(retrySettings(testContext()), { retries: 2 });
  assert.deepEqual(
    retrySettings(testContext({ env: { TRUSTPUB_RETRIES: '0', TRUSTPUB_RETRY_DELAY_MS: '5' } })),
    { retries: 0, minDelayMs: 5 },
  );
  assert.throws(
    () => retrySettings(testContext({ env: { TRUSTPUB_RETRIES: 'many' } })),
    hasCode('CONFIG_INVALID_OPTION'),
  );
  assert.throws(
    () => timeoutFor('exchange', testContext({ env: { TRUSTPUB_TIMEOUT_EXCHANGE: '0' } })),
    hasCode('CONFIG_INVALID_OPTION'),
  );
});
