import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { registryRequest } from './http.js';
import { hasCode, testContext } from '../kernel/support.test.helper.js';

// A loopback server scripted per path: each request takes the next answer ('reset' drops the socket).
type Answer =
  { status: number; body?: string; headers?: Record<string, string> } | 'reset' | 'hang';
const scripts = new Map<string, Answer[]>();
const hits = new Map<string, number>();
const seenAuth: string[] = [];
let base = '';
const server = http.createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  const n = hits.get(path) ?? 0;
  hits.set(path, n + 1);
  seenAuth.push(req.headers.authorization ?? '');
  const list = scripts.get(path) ?? [{ status: 404 }];
  const a = list[Math.min(n, list.length - 1)]!;
  req.resume();
  if (a === 'reset') return void req.socket.destroy();
  if (a === 'hang') return;
  res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body ?? '{}');
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test('GET is retried on 503 then succeeds; delays follow the policy', async () => {
  scripts.set('/a', [{ status: 503 }, { status: 503 }, { status: 200, body: '{"ok":true}' }]);
  const ctx = testContext();
  const res = await registryRequest(
    { method: 'GET', url: `${base}/a`, retry: { minDelayMs: 10, factor: 3 } },
    ctx,
  );
  assert.equal(res.status, 200);
  assert.equal(res.text, '{"ok":true}');
  assert.deepEqual(ctx.slept, [10, 30]);
});

test('retries are bounded: the last 5xx is returned', async () => {
  scripts.set('/b', [{ status: 500 }]);
  const ctx = testContext();
  const res = await registryRequest(
    { method: 'GET', url: `${base}/b`, retry: { retries: 1, minDelayMs: 1 } },
    ctx,
  );
  assert.equal(res.status, 500);
  assert.equal(hits.get('/b'), 2);
});

test('429 honours Retry-After (seconds); one longer than the cap is not waited for', async () => {
  scripts.set('/c', [{ status: 429, headers: { 'retry-after': '2' } }, { status: 200 }]);
  const ctx = testContext();
  assert.equal((await registryRequest({ method: 'GET', url: `${base}/c` }, ctx)).status, 200);
  assert.deepEqual(ctx.slept, [2000]);

  scripts.set('/d', [{ status: 429, headers: { 'retry-after': '3600' } }, { status: 200 }]);
  const ctx2 = testContext();
  assert.equal((await registryRequest({ method: 'GET', url: `${base}/d` }, ctx2)).status, 429);
  assert.deepEqual(ctx2.slept, []);
});

test('4xx other than 408/429 is returned at once', async () => {
  scripts.set('/e', [{ status: 404 }, { status: 200 }]);
  assert.equal(
    (await registryRequest({ method: 'GET', url: `${base}/e` }, testContext())).status,
    404,
  );
  assert.equal(hits.get('/e'), 1);
});

test('POST and PUT are never retried by default', async () => {
  scripts.set('/f', [{ status: 503 }, { status: 201 }]);
  assert.equal(
    (await registryRequest({ method: 'POST', url: `${base}/f`, body: '' }, testContext())).status,
    503,
  );
  assert.equal(hits.get('/f'), 1);
});

test('a connection reset is retried for GET; without retries it is REGISTRY_NETWORK, redacted', async () => {
  scripts.set('/g', ['reset', { status: 200 }]);
  assert.equal(
    (
      await registryRequest(
        { method: 'GET', url: `${base}/g`, retry: { minDelayMs: 1 } },
        testContext(),
      )
    ).status,
    200,
  );

  scripts.set('/h', ['reset']);
  const ctx = testContext();
  const token = 'npm_secretTOKENvalue0123456789';
  await assert.rejects(
    registryRequest({ method: 'GET', url: `${base}/h`, token, retry: false }, ctx),
    (e: Error & { hint: string }) => {
      hasCode('REGISTRY_NETWORK')(e);
      assert.ok(!`${e.message}${e.hint}${ctx.lines.join('')}`.includes(token));
      return true;
    },
  );
  assert.equal(seenAuth.at(-1), `Bearer ${token}`, 'the token is sent, never printed');
});

test("a header timeout is REGISTRY_TIMEOUT, or the caller's code", async () => {
  scripts.set('/i', ['hang']);
  await assert.rejects(
    registryRequest(
      { method: 'GET', url: `${base}/i`, timeoutMs: 100, retry: false },
      testContext(),
    ),
    hasCode('REGISTRY_TIMEOUT'),
  );
  await assert.rejects(
    registryRequest(
      { method: 'POST', url: `${base}/i`, timeoutMs: 100, networkErrorCode: 'EXCHANGE_NETWORK' },
      testContext(),
    ),
    hasCode('EXCHANGE_NETWORK'),
  );
});

test('debug log lines name method, URL and status, never the credentials in the URL', async () => {
  scripts.set('/j', [{ status: 200 }]);
  const ctx = testContext();
  await registryRequest(
    { method: 'GET', url: `http://user:hunter2secret@${base.slice(7)}/j` },
    ctx,
  );
  assert.match(
    ctx.lines.join('\n'),
    /debug GET http:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/j 200 \d+ms/,
  );
});
