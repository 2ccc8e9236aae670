import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { githubClaims } from './claims.js';
import { startSandbox } from './start-sandbox.js';
import { MARKER_FILE, STATE_FILE } from './state-file.js';

// Start-up time is a speed figure: it is measured by bench/, not asserted here.
test('three sandboxes started and stopped in a row each answer on their own ports and leave nothing behind', async () => {
  const registries = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const sandbox = await startSandbox();
    registries.add(sandbox.registry);
    const ping = await fetch(new URL('-/ping', sandbox.registry));
    assert.equal(ping.status, 200, `registry ${sandbox.registry} answers -/ping`);
    await sandbox.stop();
    assert.equal(fs.existsSync(sandbox.dir), false, 'the temp state dir is removed on stop');
  }
  assert.equal(registries.size, 3);
});

test('state dir: marker, state file, trusted root; a temp dir is removed on stop', async () => {
  const sandbox = await startSandbox();
  assert.ok(fs.existsSync(path.join(sandbox.dir, MARKER_FILE)));
  const state = JSON.parse(fs.readFileSync(path.join(sandbox.dir, STATE_FILE), 'utf8')) as {
    registry: string;
    pid: number;
  };
  assert.equal(state.registry, sandbox.registry);
  assert.equal(state.pid, process.pid);
  assert.ok(fs.existsSync(sandbox.trustedRootPath));
  assert.match(sandbox.registry, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.match(sandbox.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
  await sandbox.stop();
  assert.equal(fs.existsSync(sandbox.dir), false);
});

test(
  'every minted token is appended to TRUSTPUB_SANDBOX_MINTED_LOG',
  { skip: !process.env.TRUSTPUB_SANDBOX_MINTED_LOG },
  async () => {
    const log = process.env.TRUSTPUB_SANDBOX_MINTED_LOG ?? '';
    const sandbox = await startSandbox();
    try {
      const idToken = await sandbox.mintIdToken(
        githubClaims({ repo: 'o/r', workflow: 'release.yml' }),
      );
      const read = await sandbox.createReadToken();
      const { token: user } = await sandbox.createUserToken();
      const env = await sandbox.ciEnv('github', { repo: 'o/r', workflow: 'release.yml' });
      const lines = fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { kind: string; value: string });
      const has = (kind: string, value: string | undefined) =>
        lines.some((l) => l.kind === kind && l.value === value);
      assert.ok(has('id-token', idToken));
      assert.ok(has('read-token', read));
      assert.ok(has('user-token', user));
      assert.ok(has('request-token', env.ACTIONS_ID_TOKEN_REQUEST_TOKEN));
    } finally {
      await sandbox.stop();
    }
  },
);

test('the GitHub ID-token endpoint checks the request token and honours audience, including sigstore', async () => {
  const sandbox = await startSandbox();
  try {
    const env = await sandbox.ciEnv('github', {
      repo: 'o/r',
      workflow: 'release.yml',
      environment: 'npm',
    });
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '';
    const get = (aud: string, token: string) =>
      fetch(`${url}&audience=${encodeURIComponent(aud)}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
    assert.equal((await get('sigstore', 'wrong-request-token')).status, 401);
    for (const aud of ['sigstore', 'npm:127.0.0.1']) {
      const { value } = (await (
        await get(aud, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '')
      ).json()) as { value: string };
      const payload = JSON.parse(
        Buffer.from(value.split('.')[1] ?? '', 'base64url').toString(),
      ) as Record<string, unknown>;
      assert.equal(payload.aud, aud);
      assert.equal(payload.iss, sandbox.issuer);
      assert.equal(payload.workflow_ref, 'o/r/.github/workflows/release.yml@refs/heads/main');
      assert.equal(payload.environment, 'npm');
    }
    const discovery = (await (
      await fetch(`${sandbox.issuer}/.well-known/openid-configuration`)
    ).json()) as { jwks_uri: string };
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as {
      keys: Array<{ kty: string }>;
    };
    assert.equal(jwks.keys[0]?.kty, 'RSA');
  } finally {
    await sandbox.stop();
  }
});

test('latencyMs delays every registry and issuer answer: successes, refusals, Verdaccio and gateway routes', async () => {
  const latency = 100;
  const sandbox = await startSandbox({ latencyMs: latency });
  try {
    await sandbox.seed('@lat/pkg');
    await sandbox.setTrust('@lat/pkg', {
      type: 'github',
      claims: { repository: 'o/r', workflow_ref: { file: 'release.yml' } },
    });
    const claims = githubClaims({ repo: 'o/r', workflow: 'release.yml' });
    const idToken = await sandbox.mintIdToken(claims);
    const env = await sandbox.ciEnv('github', { repo: 'o/r', workflow: 'release.yml' });
    const exchange = `${sandbox.registry}-/npm/v1/oidc/token/exchange/package/@lat%2fpkg`;
    const answers: Array<[string, string, RequestInit, number]> = [
      ['registry ping', `${sandbox.registry}-/ping`, {}, 200],
      ['packument (Verdaccio)', `${sandbox.registry}@lat%2fpkg`, {}, 200],
      ['unknown package', `${sandbox.registry}@lat%2fmissing`, {}, 404],
      ['visibility', `${sandbox.registry}-/package/@lat%2fpkg/visibility`, {}, 200],
      [
        'exchange 201',
        exchange,
        { method: 'POST', headers: { authorization: `Bearer ${idToken}` } },
        201,
      ],
      ['exchange refused', exchange, { method: 'POST' }, 401],
      ['trust API refused', `${sandbox.registry}-/package/@lat%2fpkg/trust`, {}, 401],
      ['issuer discovery', `${sandbox.issuer}/.well-known/openid-configuration`, {}, 200],
      ['issuer jwks', `${sandbox.issuer}/.well-known/jwks`, {}, 200],
      [
        'GitHub token request',
        `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sigstore`,
        { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } },
        200,
      ],
      ['GitHub token request refused', `${env.ACTIONS_ID_TOKEN_REQUEST_URL}`, {}, 401],
    ];
    for (const [what, url, init, status] of answers) {
      const t0 = performance.now();
      const res = await fetch(url, init);
      await res.arrayBuffer();
      // A lower bound only: sleep guarantees it, so this cannot flake under load.
      assert.ok(performance.now() - t0 >= latency - 5, `${what} was not delayed`);
      assert.equal(res.status, status, what);
    }
  } finally {
    await sandbox.stop();
  }
});

test('a sandbox restarted in the same dir keeps its packages and trusted publishers', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restart-'));
  const first = await startSandbox({ dir });
  await first.seed('@r/pkg');
  await first.setTrust('@r/pkg', {
    type: 'github',
    claims: { repository: 'o/r', workflow_ref: { file: 'release.yml' } },
  });
  await first.stop();
  assert.ok(fs.existsSync(path.join(dir, MARKER_FILE)), 'a given dir is kept');
  const second = await startSandbox({ dir });
  try {
    const idToken = await second.mintIdToken(
      githubClaims({ repo: 'o/r', workflow: 'release.yml' }),
    );
    const res = await fetch(`${second.registry}-/npm/v1/oidc/token/exchange/package/@r%2fpkg`, {
      method: 'POST',
      headers: { authorization: `Bearer ${idToken}` },
    });
    assert.equal(res.status, 201);
  } finally {
    await second.stop();
  }
});

test('a sandbox started again on the same ports right after stop() starts and answers at once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'same-port-'));
  const first = await startSandbox({ dir });
  // Calls into its own Verdaccio (token mints) leave kept-open sockets to this port.
  await first.createReadToken();
  await first.seed('@same/pkg');
  const port = Number(new URL(first.registry).port);
  const issuerPort = Number(new URL(first.issuer).port);
  await first.stop();
  // No pause: a restarting registry in the same process must not reuse a socket to the stopped server.
  const second = await startSandbox({ dir, port, issuerPort });
  try {
    assert.equal(second.registry, first.registry);
    assert.ok(await second.createReadToken());
    const res = await fetch(`${second.registry}@same%2fpkg`);
    assert.equal(res.status, 200);
  } finally {
    await second.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('registry and issuer keep connections open between requests, as npmjs does', async () => {
  const { subscribe, unsubscribe } = await import('node:diagnostics_channel');
  const sandbox = await startSandbox();
  const connects: string[] = [];
  const onConnect = (message: unknown) => {
    const { connectParams } = message as { connectParams: { host: string } };
    connects.push(connectParams.host);
  };
  // Node's fetch is undici: its diagnostics channel reports every new connection.
  subscribe('undici:client:connected', onConnect);
  try {
    for (const url of [
      `${sandbox.registry}-/ping`,
      `${sandbox.registry}-/ping`,
      `${sandbox.issuer}/.well-known/openid-configuration`,
      `${sandbox.issuer}/.well-known/openid-configuration`,
    ]) {
      const res = await fetch(url);
      await res.text();
      assert.equal(res.status, 200, url);
      // undici drops a connection whose advertised keep-alive is under its 2 s margin.
      const keepAlive = res.headers.get('keep-alive') ?? '';
      assert.ok(Number(/timeout=(\d+)/.exec(keepAlive)?.[1]) > 2, `${url}: ${keepAlive}`);
      // undici frees a finished connection on the next turn of the event loop; without this wait the
      // next request would open another one because this one still looks busy.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // One connection per server: the second request of each reused the first one's.
    assert.equal(connects.length, 2, `connections opened: ${connects.join(', ')}`);
  } finally {
    unsubscribe('undici:client:connected', onConnect);
    await sandbox.stop();
  }
});
