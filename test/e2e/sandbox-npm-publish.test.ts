// The unmodified npm CLI publishes through OIDC to the sandbox inside a `ciEnv('github')` environment
// (what `trustpub-sandbox env github` prints), and each way trusted publishing fails on npmjs fails here
// with npmjs's answer (protocol §3.3): the exchange status and message are asserted as npm received them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { githubClaims, startSandbox, type Sandbox } from '@trustpub/sandbox';
import { fixturePackage, runNpm } from './sandbox-npm-helper.js';

const PKG = '@e2e/oidc-publish';
const REPO = 'octo-org/octo-repo';
let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox();
  await sandbox.seed(PKG);
  await sandbox.setTrust(PKG, {
    type: 'github',
    claims: { repository: REPO, workflow_ref: { file: 'release.yml' }, environment: 'npm' },
    permissions: ['createPackage'],
  });
});
after(() => sandbox.stop());

/** npm publish in a GitHub job; private repository so npm does not try public Sigstore. */
async function publishIn(env: Record<string, string>, name = PKG, version = '1.0.0') {
  const cwd = fixturePackage(name, version);
  const before = sandbox.requests().length;
  const result = await runNpm(['publish', '--loglevel', 'verbose'], {
    cwd,
    registry: sandbox.registry,
    env,
  });
  const exchanges = sandbox
    .requests()
    .slice(before)
    .filter((r) => r.path.startsWith('/-/npm/v1/oidc/token/exchange/'));
  return { ...result, exchanges };
}

const job = (o: Partial<Parameters<typeof githubClaims>[0]> = {}) =>
  sandbox.ciEnv('github', {
    repo: REPO,
    workflow: 'release.yml',
    environment: 'npm',
    visibility: 'private',
    ...o,
  });

test('npm publishes through OIDC in the `env github` job: ID token, exchange 201, PUT 201 with the exchanged token', async () => {
  const r = await publishIn(await job());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\+ @e2e\/oidc-publish@1\.0\.0/);
  assert.match(r.stderr, /verbose oidc Successfully retrieved and set token/);
  assert.deepEqual(
    r.exchanges.map((e) => [e.method, e.status, e.npmCommand]),
    [['POST', 201, 'publish']],
  );
  const doc = (await (await fetch(`${sandbox.registry}@e2e%2foidc-publish`)).json()) as {
    versions: Record<string, { _npmUser?: { trustedPublisher?: { id: string } } }>;
  };
  assert.equal(doc.versions['1.0.0']?._npmUser?.trustedPublisher?.id, 'github');
  assert.ok(
    sandbox
      .requests()
      .some((q) => q.server === 'issuer' && q.path === '/gha/token' && q.status === 200),
  );
});

describe('refusals match npmjs (npm logs the body message, then fails with ENEEDAUTH)', () => {
  const expectRefusal = (
    r: Awaited<ReturnType<typeof publishIn>>,
    status: number,
    message: string,
  ): void => {
    assert.notEqual(r.code, 0);
    assert.deepEqual(
      r.exchanges.map((e) => e.status),
      [status],
    );
    assert.ok(
      r.stderr.includes(`Failed token exchange request with body message: ${message}`),
      r.stderr
        .split('\n')
        .filter((l) => l.includes('oidc'))
        .join('\n'),
    );
    assert.match(r.stderr, /ENEEDAUTH/);
  };
  const notFound = 'OIDC token exchange error - package not found';
  const unauthorized = 'OIDC token exchange error - unauthorized';

  test('wrong workflow file -> 404 package not found', async () => {
    expectRefusal(await publishIn(await job({ workflow: 'ci.yml' }), PKG, '1.0.1'), 404, notFound);
  });
  test('wrong environment -> 404 package not found', async () => {
    expectRefusal(
      await publishIn(await job({ environment: 'staging' }), PKG, '1.0.1'),
      404,
      notFound,
    );
  });
  test('wrong repository -> 404 package not found', async () => {
    expectRefusal(
      await publishIn(await job({ repo: 'octo-org/fork' }), PKG, '1.0.1'),
      404,
      notFound,
    );
  });
  test('self-hosted runner -> 404 package not found', async () => {
    expectRefusal(
      await publishIn(await job({ runner: 'self-hosted' }), PKG, '1.0.1'),
      404,
      notFound,
    );
  });
  test('package that does not exist -> 404 package not found', async () => {
    expectRefusal(await publishIn(await job(), '@e2e/never-seeded', '1.0.0'), 404, notFound);
  });
  test('expired ID token (NPM_ID_TOKEN) -> 401 unauthorized', async () => {
    const claims = githubClaims({
      repo: REPO,
      workflow: 'release.yml',
      environment: 'npm',
      visibility: 'private',
    });
    const expired = await sandbox.mintIdToken(claims, {
      issuedAt: Math.floor(Date.now() / 1000) - 3600,
      ttlSeconds: 300,
    });
    expectRefusal(
      await publishIn({ ...(await job()), NPM_ID_TOKEN: expired }, PKG, '1.0.1'),
      401,
      unauthorized,
    );
  });
  test('wrong audience (npm:registry.npmjs.org) -> 401 unauthorized', async () => {
    const claims = githubClaims({
      repo: REPO,
      workflow: 'release.yml',
      environment: 'npm',
      visibility: 'private',
    });
    const wrongAud = await sandbox.mintIdToken(claims, { aud: 'npm:registry.npmjs.org' });
    expectRefusal(
      await publishIn({ ...(await job()), NPM_ID_TOKEN: wrongAud }, PKG, '1.0.1'),
      401,
      unauthorized,
    );
  });
});

test('re-publishing an existing version with --force answers 403 with npmjs text, not Verdaccio 409', async () => {
  // 0.0.1 is the seeded version; --force skips npm's own "already published" pre-check, so the PUT is sent.
  const r = await runNpm(['publish', '--force'], {
    cwd: fixturePackage(PKG, '0.0.1'),
    registry: sandbox.registry,
    env: await job(),
  });
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    /403 Forbidden - PUT .* - You cannot publish over the previously published versions: 0\.0\.1\./,
  );
});

test('npm dist-tag add exchanges for the package (npm 11.21+) and the sandbox accepts the exchanged token', async () => {
  const before = sandbox.requests().length;
  const r = await runNpm(['dist-tag', 'add', `${PKG}@0.0.1`, 'legacy'], {
    cwd: fixturePackage(PKG, '0.0.1'),
    registry: sandbox.registry,
    env: await job(),
  });
  assert.equal(r.code, 0, r.stderr);
  const seen = sandbox.requests().slice(before);
  assert.ok(
    seen.some(
      (q) =>
        q.path.startsWith('/-/npm/v1/oidc/token/exchange/') &&
        q.status === 201 &&
        q.npmCommand === 'dist-tag',
    ),
  );
  assert.ok(
    seen.some(
      (q) =>
        q.method === 'PUT' &&
        q.path === '/-/package/@e2e%2foidc-publish/dist-tags/legacy' &&
        q.status === 201,
    ),
  );
  const tags = (await (
    await fetch(`${sandbox.registry}-/package/@e2e%2foidc-publish/dist-tags`)
  ).json()) as Record<string, string>;
  assert.equal(tags.legacy, '0.0.1');
});
