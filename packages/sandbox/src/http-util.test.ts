import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { closeLoopbackAgent, loopbackRequest } from './http-util.js';

test('a call on a kept-open socket the server drops unanswered is sent again on a new one', async () => {
  // Answers the first request of each connection; drops the connection at the second, as a server
  // closing an idle keep-alive socket just as a request arrives on it.
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const nth = ((req.socket as { served?: number }).served ?? 0) + 1;
    (req.socket as { served?: number }).served = nth;
    seen.push(`${req.method ?? ''} ${req.url ?? ''} #${nth}`);
    if (nth > 1) req.socket.destroy();
    else res.end(req.url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  after(() => {
    closeLoopbackAgent(port);
    server.close();
  });
  assert.equal((await loopbackRequest(port, 'GET', '/one', {})).body.toString(), '/one');
  const second = await loopbackRequest(port, 'PUT', '/two', {}, 'body');
  assert.equal(second.body.toString(), '/two');
  // The dropped attempt reached the server unanswered; the retry came on a connection of its own.
  assert.deepEqual(seen, ['GET /one #1', 'PUT /two #2', 'PUT /two #1']);
});
