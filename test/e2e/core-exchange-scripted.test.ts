// ID-token and exchange failures the sandbox cannot produce (GitHub's token endpoint failing, npmjs's
// 403/500/malformed answers, unreachable hosts), on a scripted loopback endpoint; ID tokens come from
// the sandbox's issuer. Each ends in its own code with no token in any log line or error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectCi, exchangeToken, getIdToken } from '@trustpub/core';
import { githubClaims } from '@trustpub/sandbox';
import { expectCode, jobContext, PKG, REPO, scripted } from './core-exchange-support.js';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

describe('failures the sandbox cannot produce, on a scripted loopback endpoint', () => {
  const ghEnv = (url: string) => ({
    GITHUB_ACTIONS: 'true',
    ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-abcdef',
  });
  const idOf = async (answers: { status: number; body: string }[]) => {
    const s = await scripted(answers);
    const ctx = jobContext(ghEnv(s.url));
    const outcome = await getIdToken(detectCi(ctx)!, 'npm:127.0.0.1', ctx).catch((x: unknown) => x);
    await s.close();
    return { outcome, ctx, hits: s.hits(), seen: s.seen };
  };

  test('GitHub 500 is retried (bounded) and then ID_TOKEN_REQUEST_FAILED', async () => {
    const { outcome, ctx, hits } = await idOf([
      { status: 500, body: '{"message":"Internal Server Error"}' },
    ]);
    expectCode(outcome, 'ID_TOKEN_REQUEST_FAILED', ctx);
    assert.equal(hits, 3);
  });
  test('GitHub 400 is not retried; the audience is appended as npm does (percent-encoded)', async () => {
    const { outcome, ctx, hits, seen } = await idOf([{ status: 400, body: '{}' }]);
    expectCode(outcome, 'ID_TOKEN_REQUEST_FAILED', ctx);
    assert.equal(hits, 1);
    assert.deepEqual(seen, ['GET /token?api-version=2.0&audience=npm%3A127.0.0.1 - -']);
  });
  test('GitHub non-JSON 200 -> ID_TOKEN_MALFORMED_RESPONSE; {value:null} -> ID_TOKEN_VALUE_MISSING', async () => {
    const a = await idOf([{ status: 200, body: '<html>' }]);
    expectCode(a.outcome, 'ID_TOKEN_MALFORMED_RESPONSE', a.ctx);
    const b = await idOf([{ status: 200, body: '{"value":null}' }]);
    expectCode(b.outcome, 'ID_TOKEN_VALUE_MISSING', b.ctx);
  });
  test('GitHub unreachable -> ID_TOKEN_NETWORK', async () => {
    const ctx = jobContext(ghEnv('http://127.0.0.1:9'));
    expectCode(
      await getIdToken(detectCi(ctx)!, 'npm:127.0.0.1', ctx).catch((x: unknown) => x),
      'ID_TOKEN_NETWORK',
      ctx,
    );
  });

  const exchangeAt = async (answer: { status: number; body: string }) => {
    const s = await scripted([answer]);
    const ctx = jobContext({});
    const idToken = await sandbox.mintIdToken(
      githubClaims({ repo: REPO, workflow: 'release.yml' }),
      { aud: 'npm:127.0.0.1' },
    );
    const outcome = await exchangeToken(
      { registry: `${s.url}/`, packageName: PKG, idToken },
      ctx,
    ).catch((x: unknown) => x);
    await s.close();
    return { outcome, ctx, hits: s.hits() };
  };
  test('exchange 403 -> EXCHANGE_FORBIDDEN with the registry message', async () => {
    const { outcome, ctx } = await exchangeAt({
      status: 403,
      body: '{"message":"OIDC permission denied for this action"}',
    });
    assert.equal(
      expectCode(outcome, 'EXCHANGE_FORBIDDEN', ctx).registryMessage,
      'OIDC permission denied for this action',
    );
  });
  test('exchange 500 on every attempt -> retried (twice by default), then EXCHANGE_HTTP_ERROR', async () => {
    const { outcome, ctx, hits } = await exchangeAt({
      status: 500,
      body: '{"message":"OIDC token exchange error - internal server error"}',
    });
    assert.equal(expectCode(outcome, 'EXCHANGE_HTTP_ERROR', ctx).httpStatus, 500);
    // A token minted for a lost attempt is short-lived and bound to the package: asking again is safe.
    assert.equal(hits, 3);
  });
  test('exchange 201 without token, or not JSON -> EXCHANGE_MALFORMED_RESPONSE', async () => {
    const a = await exchangeAt({ status: 201, body: '{"token":null}' });
    expectCode(a.outcome, 'EXCHANGE_MALFORMED_RESPONSE', a.ctx);
    const b = await exchangeAt({ status: 200, body: 'ok' });
    expectCode(b.outcome, 'EXCHANGE_MALFORMED_RESPONSE', b.ctx);
  });
  test('exchange unreachable -> EXCHANGE_NETWORK', async () => {
    const ctx = jobContext({});
    const idToken = await sandbox.mintIdToken(
      githubClaims({ repo: REPO, workflow: 'release.yml' }),
      { aud: 'npm:127.0.0.1' },
    );
    expectCode(
      await exchangeToken(
        { registry: 'http://127.0.0.1:9/', packageName: PKG, idToken },
        ctx,
      ).catch((x: unknown) => x),
      'EXCHANGE_NETWORK',
      ctx,
    );
  });
});

test('the exchange path is root-relative (a registry path prefix is dropped), empty body, npm-command sent', async () => {
  const s = await scripted([{ status: 201, body: '{"token":"npm_exchangedFAKE0123456789"}' }]);
  const ctx = jobContext({});
  const idToken = await sandbox.mintIdToken(githubClaims({ repo: REPO, workflow: 'release.yml' }), {
    aud: 'npm:127.0.0.1',
  });
  const got = await exchangeToken(
    { registry: `${s.url}/some/prefix/`, packageName: '@sc/pkg-a', idToken, command: 'dist-tag' },
    ctx,
  );
  await s.close();
  assert.equal(got.token, 'npm_exchangedFAKE0123456789');
  assert.deepEqual(s.seen, ['POST /-/npm/v1/oidc/token/exchange/package/@sc%2fpkg-a 0 dist-tag']);
});
