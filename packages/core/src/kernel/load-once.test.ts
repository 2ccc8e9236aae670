import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadOnce } from './load-once.js';

test('loadOnce loads on first use only, and every later use gets the same promise', async () => {
  let calls = 0;
  const load = loadOnce(() => Promise.resolve(++calls));
  assert.equal(calls, 0, 'nothing is loaded before the first use');
  const first = load();
  assert.equal(load(), first);
  assert.equal(await first, 1);
  assert.equal(await load(), 1);
  assert.equal(calls, 1);
});

test('a load that failed fails every use the same way, without loading again', async () => {
  let calls = 0;
  const load = loadOnce(() => {
    calls++;
    return Promise.reject(new Error('missing module'));
  });
  await assert.rejects(load(), /missing module/);
  await assert.rejects(load(), /missing module/);
  assert.equal(calls, 1);
});
