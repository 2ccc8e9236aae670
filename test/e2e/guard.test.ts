import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';

// The test runner preloads scripts/net-guard.mjs into every process; this proves it is active.
test('the network guard refuses a non-loopback connection', async () => {
  assert.ok(
    process.env.TRUSTPUB_NET_GUARD_LOG,
    'tests must run through scripts/run-tests.mjs (npm test)',
  );
  const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
    const socket = net.connect({ host: '192.0.2.1', port: 9 });
    socket.on('error', resolve);
    socket.on('connect', () => resolve(new Error('connected')));
  });
  assert.equal(err.code, 'ETRUSTPUB_NET_GUARD');
  // 192.0.2.1:9 (TEST-NET-1, discard) is the guard's self-test address: recorded, then excused by the runner.
  assert.match(
    fs.readFileSync(process.env.TRUSTPUB_NET_GUARD_LOG ?? '', 'utf8'),
    /refused 192\.0\.2\.1:9/,
  );
});
