// ID tokens and the token exchange of @trustpub/core against the sandbox (real issuer, real gateway,
// real HTTP on 127.0.0.1): the exchanges that succeed and the ID-token cache. The refusals are in
// core-exchange-refusals.test.ts, the failures only a scripted endpoint gives in core-exchange-scripted.test.ts;
// every case checks that no token reaches a log line or an error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { audienceFor, createIdTokenCache, detectCi, getIdToken } from '@trustpub/core';
import {
  assertNoSecrets,
  CIRCLE_JOB_OPTS,
  exchangeHelpers,
  jobContext,
  minted,
  useExchangeSandbox,
} from './core-exchange-support.js';

const sandbox = useExchangeSandbox();
const { githubJob, exchangeIn } = exchangeHelpers(sandbox);

test('GitHub: ID token from the request flow (audience npm:<host>), exchange 201, token registered as secret', async () => {
  const { ctx, result } = await exchangeIn(await githubJob());
  const exchanged = await result;
  assert.ok(exchanged.token.length > 8);
  assert.ok(ctx.secrets.has(exchanged.token));
  assert.ok(
    minted.includes(exchanged.token),
    'announced through onSecret (::add-mask:: on GitHub)',
  );
  const reqs = sandbox.requests();
  assert.ok(reqs.some((r) => r.server === 'issuer' && r.path === '/gha/token' && r.status === 200));
  assert.ok(
    reqs.some(
      (r) =>
        r.path === `/-/npm/v1/oidc/token/exchange/package/@e2e%2fcore-exchange` &&
        r.status === 201 &&
        r.npmCommand === 'publish',
    ),
  );
  assertNoSecrets(ctx.lines.join('\n'));
});

test('GitLab and CircleCI: NPM_ID_TOKEN is used', async () => {
  const gl = await exchangeIn(
    await sandbox.ciEnv('gitlab', { project: 'grp/proj' }),
    '@e2e/core-gitlab',
  );
  assert.ok((await gl.result).token);
  const ctx = jobContext(await sandbox.ciEnv('circleci', CIRCLE_JOB_OPTS));
  const ci = detectCi(ctx);
  assert.ok(ci?.provider === 'circleci');
  assert.equal(await getIdToken(ci, audienceFor(sandbox.registry), ctx), ctx.env.NPM_ID_TOKEN);
});

test('the ID-token cache asks the issuer once per audience for a whole run', async () => {
  const ctx = jobContext(await githubJob());
  const cache = createIdTokenCache(detectCi(ctx)!, ctx);
  const before = sandbox.requests().filter((r) => r.server === 'issuer').length;
  const aud = audienceFor(sandbox.registry);
  const [a, b] = await Promise.all([cache.get(aud), cache.get(aud)]);
  assert.equal(a, await cache.get(aud));
  assert.equal(a, b);
  assert.equal(sandbox.requests().filter((r) => r.server === 'issuer').length - before, 1);
});
