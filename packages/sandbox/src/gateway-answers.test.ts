// What the gateway answers where Verdaccio alone would differ from npmjs or fail: the audiences real
// clients ask for, a publish without (valid) credentials, odd paths, and every 5xx explained in sandbox.log.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { githubClaims } from './claims.js';
import { loopbackRequest } from './http-util.js';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox } from './types.js';

let sandbox: Sandbox;
let port: number;
const log = (): string => fs.readFileSync(path.join(sandbox.dir, 'sandbox.log'), 'utf8');

before(async () => {
  sandbox = await startSandbox();
  port = Number(new URL(sandbox.registry).port);
  await sandbox.seed('@x/gw');
  await sandbox.setTrust('@x/gw', {
    type: 'github',
    claims: { repository: 'octo-org/octo-repo', workflow_ref: { file: 'release.yml' } },
  });
});
after(() => sandbox.stop());

describe('exchange audiences', () => {
  const claims = githubClaims({ repo: 'octo-org/octo-repo', workflow: 'release.yml' });
  const status = async (aud: string, host?: string): Promise<number> => {
    const answer = await loopbackRequest(
      port,
      'POST',
      '/-/npm/v1/oidc/token/exchange/package/@x%2fgw',
      {
        authorization: `Bearer ${await sandbox.mintIdToken(claims, { aud })}`,
        ...(host ? { host } : {}),
      },
    );
    return answer.status;
  };

  test('npm:<host> (npm, pnpm) and npm:<host>:<port> (yarn) are this registry', async () => {
    assert.equal(await status('npm:127.0.0.1'), 201);
    assert.equal(await status(`npm:127.0.0.1:${port}`), 201);
    assert.equal(await status(`npm:localhost:${port}`, `localhost:${port}`), 201);
    assert.equal(await status('npm:localhost', `localhost:${port}`), 201);
  });

  test('another registry, another port or no npm: prefix is refused 401', async () => {
    for (const aud of ['npm:registry.npmjs.org', 'npm:127.0.0.1:1', '127.0.0.1', 'sigstore'])
      assert.equal(await status(aud), 401, aud);
  });
});

describe('publish without valid credentials', () => {
  const put = (headers: Record<string, string>) =>
    loopbackRequest(
      port,
      'PUT',
      '/@x%2fgw',
      { 'content-type': 'application/json', ...headers },
      JSON.stringify({ name: '@x/gw', versions: {} }),
    );

  test("no token, or one the registry does not know: npmjs's 404 Not found", async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }]) {
      const answer = await put(headers);
      assert.equal(answer.status, 404);
      assert.deepEqual(JSON.parse(answer.body.toString()), { error: 'Not found' });
    }
  });

  test('a read-only token keeps its 403', async () => {
    const answer = await put({ authorization: `Bearer ${await sandbox.createReadToken()}` });
    assert.equal(answer.status, 403);
  });
});

test('odd paths answer 4xx, never 5xx, and nothing is logged', async () => {
  const paths = [
    '//name',
    '//@x%2fgw',
    '/%',
    '/@scope',
    '/-/',
    '/%2f',
    '/name/%',
    '/..',
    '/a/../b',
    '/@a%2f',
    '/@a/',
    '/%40',
    '/@%2f',
    '/x/-/%zz.tgz',
    '/-/package/%/trust',
    '/-/package/%40/visibility',
    '/-/npm/v1/attestations/%',
    '/-/npm/v1/oidc/token/exchange/package/%',
    '/-/v1/done?authId=%',
  ];
  // A connection per request: after some refusals Verdaccio closes the connection, which a kept-alive
  // client would only notice on its next request.
  const fresh = (method: string, p: string): Promise<number | undefined> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: p,
          agent: false,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
  for (const method of ['GET', 'PUT', 'POST', 'DELETE']) {
    for (const p of paths) {
      const status = await fresh(method, p);
      assert.ok(status !== undefined && status >= 400 && status < 500, `${method} ${p}: ${status}`);
    }
  }
  assert.equal(log(), '');
});

test('a 5xx is logged with its cause; the next start empties the log; a corrupt saved state or Sigstore key file stops the start', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-log-'));
  const own = await startSandbox({ dir });
  await own.seed('@x/broken');
  // Saving the trust configuration cannot work: its temporary file's name is taken by a directory.
  fs.mkdirSync(path.join(dir, 'registry-state.json.tmp'));
  const user = await own.createUserToken();
  const answer = await fetch(`${own.registry}-/package/@x%2fbroken/trust`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'npm-otp': user.otp() },
    body: JSON.stringify([
      { type: 'github', claims: { repository: 'a/b', workflow_ref: { file: 'r.yml' } } },
    ]),
  });
  assert.equal(answer.status, 500);
  const text = fs.readFileSync(path.join(dir, 'sandbox.log'), 'utf8');
  assert.match(text, /POST \/-\/package\/@x%2fbroken\/trust failed inside the sandbox/);
  assert.match(text, /EISDIR/, 'the cause is in the log');
  assert.ok(!text.includes(user.token), 'no token in the log');
  await own.stop();
  fs.rmdirSync(path.join(dir, 'registry-state.json.tmp'));

  const again = await startSandbox({ dir });
  assert.equal(fs.readFileSync(path.join(dir, 'sandbox.log'), 'utf8'), '', 'one log per start');
  await again.stop();

  fs.writeFileSync(path.join(dir, 'registry-state.json'), '{"trust": ');
  await assert.rejects(startSandbox({ dir }), (error: Error) => {
    assert.equal(error.name, 'SandboxError');
    assert.match(error.message, /registry-state\.json is corrupt/);
    return true;
  });
  fs.rmSync(path.join(dir, 'registry-state.json'));
  fs.writeFileSync(path.join(dir, 'sigstore-keys.json'), '{"ca": 1}');
  await assert.rejects(startSandbox({ dir }), /sigstore-keys\.json is corrupt/);
});
