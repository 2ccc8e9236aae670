import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MintReserve } from './mint-reserve.js';

/** A reserve over a counting mint, with the registry's idleness in the test's hands. */
function reserveOf(size: number) {
  let minted = 0;
  let busy = false;
  let wake: () => void = () => {};
  const reserve = new MintReserve(
    () => {
      minted += 1;
      return Promise.resolve({ token: `t${minted}`, key: `k${minted}` });
    },
    size,
    () => (busy ? new Promise<void>((resolve) => (wake = resolve)) : Promise.resolve()),
    (error) => assert.fail(String(error)),
  );
  return {
    reserve,
    minted: () => minted,
    setBusy: (b: boolean) => {
      busy = b;
      if (!b) wake();
    },
  };
}

const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

test('a primed reserve answers a burst without minting, then refills only while the registry is idle', async () => {
  const r = reserveOf(4);
  await r.reserve.prime();
  assert.equal(r.minted(), 4);
  r.setBusy(true);
  const taken = await Promise.all([1, 2, 3].map(() => r.reserve.take()));
  assert.equal(new Set(taken.map((t) => t.token)).size, 3, 'each exchange gets its own token');
  assert.equal(r.minted(), 4, 'the burst took reserved tokens');
  await turns();
  assert.equal(r.minted(), 4, 'no refill while the registry is busy');
  r.setBusy(false);
  await turns(20);
  assert.equal(r.minted(), 7);
  assert.equal(r.reserve.available, 4);
});

test('an empty reserve mints for the exchange; a stopped one stops refilling', async () => {
  const r = reserveOf(2);
  r.setBusy(true);
  const t = await r.reserve.take();
  assert.equal(t.token, 't1');
  await r.reserve.stop();
  r.setBusy(false);
  await turns(20);
  assert.equal(r.minted(), 1);
  assert.equal(r.reserve.available, 0);
});
