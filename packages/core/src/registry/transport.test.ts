import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTokenTransport, isLoopbackHost, tokenTransportAllowed } from './transport.js';
import { registryRequest } from './http.js';
import { hasCode, testContext } from '../kernel/support.test.helper.js';

test('loopback is 127.0.0.0/8, ::1 and localhost: addresses, never names that contain them', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '[::1]', '::1', 'localhost', 'LOCALHOST'])
    assert.equal(isLoopbackHost(h), true, h);
  for (const h of [
    '10.0.0.1',
    '0.0.0.0',
    '127.0.0.1.nip.io',
    'localhost.evil.example',
    '[::ffff:a00:1]',
    '[fe80::1]',
    'registry.npmjs.org',
  ])
    assert.equal(isLoopbackHost(h), false, h);
});

test('https anywhere, http only to this machine', () => {
  assert.equal(tokenTransportAllowed(new URL('https://registry.npmjs.org/')), true);
  assert.equal(tokenTransportAllowed(new URL('http://127.0.0.1:4873/')), true);
  assert.equal(tokenTransportAllowed(new URL('http://[::1]:4873/')), true);
  assert.equal(tokenTransportAllowed(new URL('http://registry.npmjs.org/')), false);
  assert.equal(tokenTransportAllowed(new URL('HTTP://10.1.2.3/npm/')), false);
});

test('the refusal names the URL and its https form', () => {
  assert.throws(
    () => checkTokenTransport('http://registry.npmjs.org/', 'the registry for x'),
    (e: Error & { code?: string; hint?: string }) =>
      e.code === 'TOKEN_TRANSPORT_INSECURE' &&
      /http:\/\/registry\.npmjs\.org\//.test(e.message) &&
      /https:\/\/registry\.npmjs\.org\//.test(e.hint ?? ''),
  );
});

test('a request with a token to http on another machine is refused before connecting', async () => {
  // 192.0.2.1 is TEST-NET-1: nothing answers there, and the network guard would log an attempt.
  await assert.rejects(
    registryRequest({ method: 'GET', url: 'http://192.0.2.1/x', token: 'secret-1' }, testContext()),
    hasCode('TOKEN_TRANSPORT_INSECURE'),
  );
});
