import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type * as Undici from 'undici';
import { Agent, sendRequest, type SendOptions } from './undici.js';

test('the Agent is the one undici exports', () => {
  // undici's own entry, loaded only here.
  const entry = createRequire(import.meta.url)('undici') as typeof Undici;
  assert.equal(Agent, entry.Agent);
});

let server: http.Server;
let base = '';
before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/silent') return; // never answers
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/hints') res.writeEarlyHints({ link: '</x>; rel=preload' });
      res.setHeader('x-echo', req.headers['x-probe'] ?? '');
      res.setHeader('retry-after', '3');
      res.statusCode = req.url === '/hints' ? 200 : 201;
      // A body in several writes arrives in several chunks.
      res.write(JSON.stringify({ method: req.method, url: req.url, body }).slice(0, 5));
      res.end(JSON.stringify({ method: req.method, url: req.url, body }).slice(5));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

function options(dispatcher: Undici.Dispatcher, extra: Partial<SendOptions> = {}): SendOptions {
  return {
    dispatcher,
    method: 'GET',
    headers: {},
    body: null,
    headersTimeout: 5000,
    bodyTimeout: 5000,
    ...extra,
  };
}

test('the path, the query, the method, the headers and the body arrive; the answer is whole', async () => {
  const dispatcher = new Agent({ connections: 2 });
  try {
    const res = await sendRequest(
      new URL(`${base}/@scope%2fname?write=true`),
      options(dispatcher, { method: 'PUT', headers: { 'x-probe': 'p' }, body: '{"a":1}' }),
    );
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['x-echo'], 'p');
    assert.equal(res.headers['retry-after'], '3');
    assert.deepEqual(JSON.parse(res.body.toString()), {
      method: 'PUT',
      url: '/@scope%2fname?write=true',
      body: '{"a":1}',
    });
  } finally {
    await dispatcher.close();
  }
});

test('an informational answer (103) is passed over for the final one', async () => {
  const dispatcher = new Agent();
  try {
    const res = await sendRequest(new URL(`${base}/hints`), options(dispatcher));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers.link, undefined);
    assert.equal((JSON.parse(res.body.toString()) as { url: string }).url, '/hints');
  } finally {
    await dispatcher.close();
  }
});

test("undici's errors come through with their codes: a timeout, a refused connection", async () => {
  const dispatcher = new Agent();
  try {
    await assert.rejects(
      sendRequest(new URL(`${base}/silent`), options(dispatcher, { headersTimeout: 100 })),
      { code: 'UND_ERR_HEADERS_TIMEOUT' },
    );
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      sendRequest(new URL(`http://127.0.0.1:${port}/`), options(dispatcher)),
      (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
    );
    await assert.rejects(
      sendRequest(new URL(`${base}/`), options(dispatcher, { method: 'G ET' as 'GET' })),
      { code: 'UND_ERR_INVALID_ARG' },
    );
  } finally {
    await dispatcher.close();
  }
});
