// ID tokens and the token exchange of @trustpub/core against the sandbox (real issuer, real gateway,
// real HTTP on 127.0.0.1): the cases npm's own exchange tests check and the sandbox's refusal scenarios,
// each failure with its own code, and no token in any log line or error.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  audienceFor,
  createContext,
  createIdTokenCache,
  detectCi,
  exchangeToken,
  getIdToken,
  isTrustpubError,
  type CoreContext,
  type TrustpubError,
  type TrustpubErrorCode,
} from '@trustpub/core';
import {
  circleciClaims,
  githubClaims,
  gitlabClaims,
  startSandbox,
  type Sandbox,
} from '@trustpub/sandbox';

const PKG = '@e2e/core-exchange';
const CIRCLE_JOB_OPTS = {
  orgId: '11111111-1111-4111-8111-111111111111',
  projectId: '22222222-2222-4222-8222-222222222222',
  pipelineDefinitionId: '33333333-3333-4333-8333-333333333333',
  vcsOrigin: 'github.com/o/r',
};
const REPO = 'octo-org/octo-repo';
let sandbox: Sandbox;
const minted: string[] = [];

before(async () => {
  sandbox = await startSandbox();
  await sandbox.seed(PKG);
  await sandbox.setTrust(PKG, {
    type: 'github',
    claims: { repository: REPO, workflow_ref: { file: 'release.yml' }, environment: 'npm' },
    permissions: ['createPackage'],
  });
  await sandbox.seed('@e2e/core-gitlab');
  await sandbox.setTrust('@e2e/core-gitlab', {
    type: 'gitlab',
    claims: { project_path: 'grp/proj', ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
    permissions: ['createPackage'],
  });
});
after(() => sandbox.stop());

/** A context over a CI job's environment that keeps every log line for the secret assertions. */
function jobContext(env: Record<string, string | undefined>): CoreContext & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  const ctx = createContext({
    env,
    logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
    sleep: async () => {},
    onSecret: (v) => minted.push(v),
  });
  return Object.assign(ctx, { lines });
}

const githubJob = (o: Partial<Parameters<typeof githubClaims>[0]> = {}) =>
  sandbox.ciEnv('github', { repo: REPO, workflow: 'release.yml', environment: 'npm', ...o });

async function exchangeIn(env: Record<string, string>, name = PKG) {
  const ctx = jobContext(env);
  const ci = detectCi(ctx);
  assert.ok(ci);
  const idToken = await getIdToken(ci, audienceFor(sandbox.registry), ctx);
  return {
    ctx,
    ci,
    idToken,
    result: exchangeToken({ registry: sandbox.registry, packageName: name, idToken, ci }, ctx),
  };
}

/** Asserts the code, and that neither the log nor the error (as JSON) holds any token seen in the run. */
function expectCode(
  error: unknown,
  code: TrustpubErrorCode,
  ctx: { lines: string[] },
): TrustpubError {
  assert.ok(isTrustpubError(error), String(error));
  assert.equal(error.code, code, `${error.code}: ${error.message}`);
  assertNoSecrets(`${JSON.stringify(error.toJSON())}\n${error.message}\n${ctx.lines.join('\n')}`);
  return error;
}

function assertNoSecrets(text: string): void {
  for (const secret of minted)
    assert.ok(!text.includes(secret), 'a token appeared in a log line or error');
}

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

/**
 * Answers the sandbox never gives (GitHub's token endpoint failing, npmjs's 403/500/malformed 2xx): a
 * loopback server speaking the same protocol, scripted per request.
 */
async function scripted(
  answers: { status: number; body: string }[],
): Promise<{ url: string; hits: () => number; seen: string[]; close: () => Promise<void> }> {
  let hits = 0;
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(
      `${req.method} ${req.url} ${req.headers['content-length'] ?? '-'} ${String(req.headers['npm-command'] ?? '-')}`,
    );
    const a = answers[Math.min(hits++, answers.length - 1)]!;
    req.resume();
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits: () => hits, seen, close: () => new Promise((r) => server.close(() => r())) };
}

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
