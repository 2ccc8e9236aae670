// The token exchange of @trustpub/core refused by the sandbox (real issuer, real gateway, real HTTP on
// 127.0.0.1) and the ID tokens refused before it: one code each, with the claims and the trusted
// publisher that would match, and no token in any log line or error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { audienceFor, detectCi, exchangeToken, getIdToken } from '@trustpub/core';
import { circleciClaims, githubClaims, gitlabClaims } from '@trustpub/sandbox';
import {
  CIRCLE_JOB_OPTS,
  exchangeHelpers,
  expectCode,
  jobContext,
  PKG,
  REPO,
  useExchangeSandbox,
} from './core-exchange-support.js';

const sandbox = useExchangeSandbox();
const { githubJob, exchangeIn } = exchangeHelpers(sandbox);

describe('exchange refusals: one code each, with the claims and the trusted publisher that would match', () => {
  test('wrong workflow file -> EXCHANGE_NO_TRUSTED_PUBLISHER, details name workflow_ref and the trust command', async () => {
    const { ctx, result } = await exchangeIn(await githubJob({ workflow: 'ci.yml' }));
    const e = expectCode(
      await result.catch((x: unknown) => x),
      'EXCHANGE_NO_TRUSTED_PUBLISHER',
      ctx,
    );
    assert.equal(e.httpStatus, 404);
    assert.equal(e.registryMessage, 'OIDC token exchange error - package not found');
    const details = e.details as { claims: Record<string, unknown>; command: string };
    assert.equal(details.claims.workflow_ref, `${REPO}/.github/workflows/ci.yml@refs/heads/main`);
    assert.match(
      details.command,
      /trustpub trust github @e2e\/core-exchange --repo octo-org\/octo-repo --file ci\.yml --env npm --allow-publish --replace$/,
    );
    assert.ok(e.hint.includes(details.command));
  });

  test('a reusable workflow: the message says the registry matches the calling workflow', async () => {
    const { ctx, result } = await exchangeIn(
      await githubJob({
        workflow: 'ci.yml',
        jobWorkflowRef: 'octo-org/shared/.github/workflows/release.yml@refs/heads/main',
      }),
    );
    const e = expectCode(
      await result.catch((x: unknown) => x),
      'EXCHANGE_NO_TRUSTED_PUBLISHER',
      ctx,
    );
    assert.match(
      e.message,
      /reusable workflow \(octo-org\/shared\/\.github\/workflows\/release\.yml@refs\/heads\/main\)/,
    );
    assert.match(
      e.message,
      /calling workflow \(octo-org\/octo-repo\/\.github\/workflows\/ci\.yml@refs\/heads\/main\)/,
    );
  });

  test('missing environment -> the claim shows as (missing)', async () => {
    const env = await sandbox.ciEnv('github', { repo: REPO, workflow: 'release.yml' });
    const { ctx, result } = await exchangeIn(env);
    const e = expectCode(
      await result.catch((x: unknown) => x),
      'EXCHANGE_NO_TRUSTED_PUBLISHER',
      ctx,
    );
    assert.equal(
      (e.details as { claims: Record<string, unknown> }).claims.environment,
      '(missing)',
    );
  });

  test('wrong repository -> EXCHANGE_NO_TRUSTED_PUBLISHER', async () => {
    const { ctx, result } = await exchangeIn(await githubJob({ repo: 'someone/else' }));
    expectCode(await result.catch((x: unknown) => x), 'EXCHANGE_NO_TRUSTED_PUBLISHER', ctx);
  });

  test('a package that does not exist -> EXCHANGE_PACKAGE_NOT_FOUND (asked with GET /<name>)', async () => {
    const { ctx, result } = await exchangeIn(await githubJob(), '@e2e/never-published');
    const e = expectCode(await result.catch((x: unknown) => x), 'EXCHANGE_PACKAGE_NOT_FOUND', ctx);
    assert.match(
      e.hint,
      /Bootstrap it once .*`trustpub trust github .* --allow-publish --bootstrap`/,
    );
  });

  test('a token for another audience -> EXCHANGE_UNAUTHORIZED from the registry, naming aud', async () => {
    const ctx = jobContext({});
    const idToken = await sandbox.mintIdToken(
      githubClaims({ repo: REPO, workflow: 'release.yml', environment: 'npm' }),
      { aud: 'npm:registry.npmjs.org' },
    );
    const e = expectCode(
      await exchangeToken({ registry: sandbox.registry, packageName: PKG, idToken }, ctx).catch(
        (x: unknown) => x,
      ),
      'EXCHANGE_UNAUTHORIZED',
      ctx,
    );
    assert.equal(e.httpStatus, 401);
    assert.equal(
      (e.details as { claims: Record<string, unknown> }).claims.aud,
      'npm:registry.npmjs.org',
    );
    assert.match(e.hint, /"aud"/);
  });

  test('an expired token -> EXCHANGE_UNAUTHORIZED at the registry, ID_TOKEN_EXPIRED locally', async () => {
    const claims = gitlabClaims({ project: 'grp/proj' });
    const old = Math.floor(Date.now() / 1000) - 3600;
    const idToken = await sandbox.mintIdToken(claims, {
      aud: audienceFor(sandbox.registry),
      issuedAt: old,
      ttlSeconds: 60,
    });
    const ctx = jobContext({ GITLAB_CI: 'true', NPM_ID_TOKEN: idToken });
    expectCode(
      await exchangeToken(
        { registry: sandbox.registry, packageName: '@e2e/core-gitlab', idToken },
        ctx,
      ).catch((x: unknown) => x),
      'EXCHANGE_UNAUTHORIZED',
      ctx,
    );
    expectCode(
      await getIdToken(detectCi(ctx)!, audienceFor(sandbox.registry), ctx).catch((x: unknown) => x),
      'ID_TOKEN_EXPIRED',
      ctx,
    );
  });

  test('NPM_ID_TOKEN for the wrong audience is refused before the exchange: ID_TOKEN_AUDIENCE_MISMATCH', async () => {
    const idToken = await sandbox.mintIdToken(gitlabClaims({ project: 'grp/proj' }), {
      aud: 'npm:registry.npmjs.org',
    });
    const ctx = jobContext({ GITLAB_CI: 'true', NPM_ID_TOKEN: idToken });
    const before = sandbox.requests().length;
    expectCode(
      await getIdToken(detectCi(ctx)!, audienceFor(sandbox.registry), ctx).catch((x: unknown) => x),
      'ID_TOKEN_AUDIENCE_MISMATCH',
      ctx,
    );
    assert.equal(sandbox.requests().length, before, 'no request was made');
  });

  test('a stale CircleCI token without the circleci CLI -> ID_TOKEN_CIRCLECI_STALE; the registry would say 401', async () => {
    const idToken = await sandbox.mintIdToken(circleciClaims(CIRCLE_JOB_OPTS), {
      aud: audienceFor(sandbox.registry),
      issuedAt: Math.floor(Date.now() / 1000) - 400,
      ttlSeconds: 3600,
    });
    const ctx = jobContext({ CIRCLECI: 'true', NPM_ID_TOKEN: idToken, PATH: '/nonexistent' });
    const e = expectCode(
      await getIdToken(detectCi(ctx)!, audienceFor(sandbox.registry), ctx).catch((x: unknown) => x),
      'ID_TOKEN_CIRCLECI_STALE',
      ctx,
    );
    assert.match(e.hint, /circleci run oidc get --claims/);
    expectCode(
      await exchangeToken({ registry: sandbox.registry, packageName: PKG, idToken }, ctx).catch(
        (x: unknown) => x,
      ),
      'EXCHANGE_UNAUTHORIZED',
      ctx,
    );
  });

  test('an unreadable package name -> EXCHANGE_BAD_REQUEST (400)', async () => {
    const { ctx, idToken } = await exchangeIn(await githubJob());
    expectCode(
      await exchangeToken(
        { registry: sandbox.registry, packageName: 'bad name', idToken },
        ctx,
      ).catch((x: unknown) => x),
      'EXCHANGE_BAD_REQUEST',
      ctx,
    );
  });

  test('the GitHub request token of another job -> ID_TOKEN_REQUEST_FAILED with the status', async () => {
    const env = await githubJob();
    const ctx = jobContext({
      ...env,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-request-token-0000',
    });
    const e = expectCode(
      await getIdToken(detectCi(ctx)!, audienceFor(sandbox.registry), ctx).catch((x: unknown) => x),
      'ID_TOKEN_REQUEST_FAILED',
      ctx,
    );
    assert.equal(e.httpStatus, 401);
  });

  test('missing ACTIONS_ID_TOKEN_REQUEST_* -> ID_TOKEN_PERMISSION_MISSING', async () => {
    const env = await githubJob();
    const ctx = jobContext({ ...env, ACTIONS_ID_TOKEN_REQUEST_URL: undefined });
    expectCode(
      await getIdToken(detectCi(ctx)!, audienceFor(sandbox.registry), ctx).catch((x: unknown) => x),
      'ID_TOKEN_PERMISSION_MISSING',
      ctx,
    );
  });
});
