import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { githubClaims } from './claims.js';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox } from './types.js';

// Fresh sandboxes: the races this guards against happen on a user's first tokens. Exchanges mint their
// tokens when asked here (no reserve), so a burst of exchanges mints at once.
let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ exchangeReserve: 0 });
});
after(() => sandbox.stop());

/** The keys of the tokens Verdaccio lists for the owner of `token` (its own database, not the sandbox's). */
async function listedTokens(token: string): Promise<unknown[]> {
  const res = await fetch(`${sandbox.registry}-/npm/v1/tokens`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { objects: unknown[] }).objects;
}

test("tokens minted at once for a user with none yet are all in Verdaccio's database", async () => {
  const minted = await Promise.all(Array.from({ length: 24 }, () => sandbox.createUserToken()));
  assert.equal(new Set(minted.map((m) => m.token)).size, 24);
  // A token missing from the database could not be listed or revoked.
  assert.equal((await listedTokens(minted[0]!.token)).length, 24);
});

test("exchanges made at once each get a working token, all in Verdaccio's database", async () => {
  const names = Array.from({ length: 20 }, (_, i) => `@burst/p${i}`);
  for (const name of names) {
    await sandbox.seed(name);
    await sandbox.setTrust(name, {
      type: 'github',
      claims: { repository: 'octo-org/octo-repo', workflow_ref: { file: 'release.yml' } },
    });
  }
  const idToken = await sandbox.mintIdToken(
    githubClaims({ repo: 'octo-org/octo-repo', workflow: 'release.yml' }),
  );
  const tokens = await Promise.all(
    names.map(async (name) => {
      const res = await fetch(
        `${sandbox.registry}-/npm/v1/oidc/token/exchange/package/${name.replace('/', '%2f')}`,
        { method: 'POST', headers: { authorization: `Bearer ${idToken}` } },
      );
      assert.equal(res.status, 201);
      return ((await res.json()) as { token: string }).token;
    }),
  );
  // Each token may move its own package's dist-tag: Verdaccio accepted it as a user's token.
  for (const [i, token] of tokens.entries()) {
    const res = await fetch(
      `${sandbox.registry}-/package/${names[i]!.replace('/', '%2f')}/dist-tags/next`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify('0.0.1'),
      },
    );
    assert.equal(res.status, 201, `${names[i]}: HTTP ${res.status}`);
  }
  // Revocation at the end of a token's lifetime deletes it there by its key.
  assert.equal((await listedTokens(tokens[0]!)).length, 20);
});

test("the reserve's tokens, minted at once at start-up, are all in Verdaccio's database", async () => {
  const primed = await startSandbox({ exchangeReserve: 20 });
  try {
    await primed.seed('@burst/one');
    await primed.setTrust('@burst/one', {
      type: 'github',
      claims: { repository: 'octo-org/octo-repo', workflow_ref: { file: 'release.yml' } },
    });
    const idToken = await primed.mintIdToken(
      githubClaims({ repo: 'octo-org/octo-repo', workflow: 'release.yml' }),
    );
    const res = await fetch(`${primed.registry}-/npm/v1/oidc/token/exchange/package/@burst%2fone`, {
      method: 'POST',
      headers: { authorization: `Bearer ${idToken}` },
    });
    assert.equal(res.status, 201);
    const { token } = (await res.json()) as { token: string };
    const listed = await fetch(`${primed.registry}-/npm/v1/tokens`, {
      headers: { authorization: `Bearer ${token}` },
    });
    // The 20 primed ones (the exchange took one of them), and any the refill has added since.
    const objects = ((await listed.json()) as { objects: unknown[] }).objects;
    assert.ok(objects.length >= 20, `${objects.length} tokens listed`);
  } finally {
    await primed.stop();
  }
});
