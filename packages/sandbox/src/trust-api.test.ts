import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { githubClaims } from './claims.js';
import { startSandbox } from './start-sandbox.js';
import { totp } from './totp.js';
import type { Sandbox, UserToken } from './types.js';

let sandbox: Sandbox;
let user: UserToken;
const BODY = [
  {
    type: 'github',
    claims: { repository: 'o/r', workflow_ref: { file: 'release.yml' } },
    permissions: ['createPackage'],
  },
];

before(async () => {
  sandbox = await startSandbox({ trustRateLimit: { requests: 8, perMs: 60_000 } });
  await sandbox.seed('@t/pkg');
  user = await sandbox.createUserToken();
});
after(() => sandbox.stop());

function call(
  method: string,
  path: string,
  opts: { token?: string; otp?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.otp) headers['npm-otp'] = opts.otp;
  return fetch(`${sandbox.registry}-/package/${path}`, {
    method,
    headers,
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
}

test('who may use the trust API: no token 401, read-only and exchanged tokens 403', async () => {
  assert.equal((await call('GET', '@t%2fpkg/trust')).status, 401);
  const read = await sandbox.createReadToken();
  assert.equal((await call('GET', '@t%2fpkg/trust', { token: read })).status, 403);
  await sandbox.setTrust('@t/pkg', BODY[0] as never);
  const ex = await fetch(`${sandbox.registry}-/npm/v1/oidc/token/exchange/package/@t%2fpkg`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await sandbox.mintIdToken(githubClaims({ repo: 'o/r', workflow: 'release.yml' }))}`,
    },
  });
  const { token } = (await ex.json()) as { token: string };
  assert.equal((await call('GET', '@t%2fpkg/trust', { token })).status, 403);
});

test('changes need an OTP that has not expired; bad bodies 400, unknown packages 404, unknown ids 404', async () => {
  const list = (await (
    await call('GET', '@t%2fpkg/trust', { token: user.token })
  ).json()) as Array<{ id: string }>;
  const id = list[0]?.id ?? '';
  const stale = totp(user.otpSecret, Date.now() - 120_000);
  const expired = await call('DELETE', `@t%2fpkg/trust/${id}`, {
    token: user.token,
    otp: stale === user.otp() ? '000000' : stale,
  });
  assert.equal(expired.status, 401);
  assert.equal(expired.headers.get('www-authenticate'), 'OTP');
  assert.equal(
    (await call('POST', '@t%2fpkg/trust', { token: user.token, otp: user.otp(), body: BODY[0] }))
      .status,
    400,
  );
  assert.equal(
    (await call('POST', '@t%2fnope/trust', { token: user.token, otp: user.otp(), body: BODY }))
      .status,
    404,
  );
  assert.equal(
    (await call('POST', '@t%2fpkg/trust', { token: user.token, otp: user.otp(), body: BODY }))
      .status,
    409,
  );
  assert.equal(
    (await call('DELETE', '@t%2fpkg/trust/not-an-id', { token: user.token, otp: user.otp() }))
      .status,
    404,
  );
  const revoked = await call('DELETE', `@t%2fpkg/trust/${encodeURIComponent(id)}`, {
    token: user.token,
    otp: user.otp(),
  });
  assert.equal(revoked.status, 204);
});

test('beyond the rate limit the API answers 429 with Retry-After', async () => {
  let last: Response | undefined;
  for (let i = 0; i < 10; i++) last = await call('GET', '@t%2fpkg/trust', { token: user.token });
  assert.equal(last?.status, 429);
  const retryAfter = Number(last?.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
});

test('web 2FA: authUrl/doneUrl challenge, 202 until the login is confirmed, then a one-time code', async () => {
  await sandbox.seed('@t/web');
  const web = await sandbox.createUserToken({ webAuth: true });
  const challenge = await call('POST', '@t%2fweb/trust', { token: web.token, body: BODY });
  assert.equal(challenge.status, 401);
  assert.equal(challenge.headers.get('www-authenticate'), 'OTP');
  const { authUrl, doneUrl } = (await challenge.json()) as { authUrl: string; doneUrl: string };
  assert.ok(doneUrl.startsWith(sandbox.registry));
  const waiting = await fetch(doneUrl);
  assert.equal(waiting.status, 202);
  assert.equal(waiting.headers.get('retry-after'), '1');
  assert.equal((await fetch(authUrl)).status, 200);
  const done = await fetch(doneUrl);
  assert.equal(done.status, 200);
  const { token: code } = (await done.json()) as { token: string };
  const created = await call('POST', '@t%2fweb/trust', { token: web.token, otp: code, body: BODY });
  assert.equal(created.status, 200);
  const [config] = (await created.json()) as Array<{ id: string }>;
  const reused = await call('DELETE', `@t%2fweb/trust/${config?.id ?? ''}`, {
    token: web.token,
    otp: code,
  });
  assert.equal(reused.status, 401, 'a web code is valid once');
  assert.equal((await fetch(doneUrl)).status, 404);
});

test('otpClock: a code accepted now is refused once the clock moves past its steps; otp() follows the clock', async () => {
  let offsetMs = 0;
  const clocked = await startSandbox({ otpClock: () => Date.now() + offsetMs });
  try {
    await clocked.seed('@t/clock');
    const u = await clocked.createUserToken();
    const code = u.otp();
    const created = await fetch(`${clocked.registry}-/package/@t%2fclock/trust`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${u.token}`,
        'npm-otp': code,
        'content-type': 'application/json',
      },
      body: JSON.stringify(BODY),
    });
    assert.equal(created.status, 200);
    const [config] = (await created.json()) as Array<{ id: string }>;
    offsetMs = 120_000;
    const revoke = (otp: string) =>
      fetch(`${clocked.registry}-/package/@t%2fclock/trust/${config?.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${u.token}`, 'npm-otp': otp },
      });
    const refused = await revoke(code);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('www-authenticate'), 'OTP');
    assert.notEqual(u.otp(), code);
    assert.equal((await revoke(u.otp())).status, 204);
  } finally {
    await clocked.stop();
  }
});
