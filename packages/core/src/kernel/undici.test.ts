import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type * as Undici from 'undici';
import { Agent, sendRequest } from './undici.js';

// undici's own entry, loaded only here: the parts must be the objects it exports.
const entry = createRequire(import.meta.url)('undici') as typeof Undici;

test('the Agent is the one undici exports', () => {
  assert.equal(Agent, entry.Agent);
});

test("the request API loaded is the one undici's entry puts on every dispatcher", () => {
  const load = createRequire(import.meta.url);
  const onEveryDispatcher = Object.getOwnPropertyDescriptor(entry.Dispatcher.prototype, 'request');
  assert.equal(load('undici/lib/api/api-request.js'), onEveryDispatcher?.value);
});

let server: http.Server;
let base = '';
const requests: string[] = [];
before(async () => {
  server = http.createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('x-echo', req.headers['x-probe'] ?? '');
      res.end(JSON.stringify({ body, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function options(
  dispatcher: Undici.Dispatcher,
  extra: Partial<Parameters<typeof sendRequest>[1]> = {},
) {
  return {
    dispatcher,
    method: 'GET' as const,
    headers: {},
    body: null,
    headersTimeout: 5000,
    bodyTimeout: 5000,
    ...extra,
  };
}

test('sendRequest keeps the path, the query, the method, the headers and the body', async () => {
  const dispatcher = new Agent({ connections: 2 });
  try {
    const res = await sendRequest(
      new URL(`${base}/@scope%2fname?write=true`),
      options(dispatcher, { method: 'PUT', headers: { 'x-probe': 'p' }, body: '{"a":1}' }),
    );
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-echo'], 'p');
    assert.deepEqual(await res.body.json(), {
      body: '{"a":1}',
      url: '/@scope%2fname?write=true',
    });
  } finally {
    await dispatcher.close();
  }
});
