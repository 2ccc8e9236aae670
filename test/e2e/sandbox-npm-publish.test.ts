// The unmodified npm CLI publishes through OIDC to the sandbox inside a `ciEnv('github')` environment
// (what `trustpub-sandbox env github` prints), and each way trusted publishing fails on npmjs fails here
// with npmjs's answer (docs/protocol.md, token exchange): the exchange status and message are asserted as npm received them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { githubClaims } from '@trustpub/sandbox';
import { fixturePackage, runNpm } from './sandbox-npm-helper.js';
import { circleciTrust } from './support/trust-configs.js';
import { useSandbox } from './support/sandbox.js';

const PKG = '@e2e/oidc-publish';
const REPO = 'octo-org/octo-repo';

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    await sandbox.seed(PKG);
    await sandbox.setTrust(PKG, {
      type: 'github',
      claims: { repository: REPO, workflow_ref: { file: 'release.yml' }, environment: 'npm' },
      permissions: ['createPackage'],
    });
  },
});

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

test('npm publishes through OIDC in GitLab CI and CircleCI jobs (NPM_ID_TOKEN from `env gitlab` / `env circleci`)', async () => {
  await sandbox.seed('@e2e/gitlab-pkg');
  await sandbox.setTrust('@e2e/gitlab-pkg', {
    type: 'gitlab',
    claims: { project_path: 'grp/proj', ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
  });
  // A private project: npm would otherwise auto-enable provenance, which it can only sign with public Sigstore.
  const gitlab = await sandbox.ciEnv('gitlab', { project: 'grp/proj', visibility: 'private' });
  const gl = await runNpm(['publish'], {
    cwd: fixturePackage('@e2e/gitlab-pkg', '1.0.0'),
    registry: sandbox.registry,
    env: gitlab,
  });
  assert.equal(gl.code, 0, gl.stderr);
  assert.match(gl.stdout, /\+ @e2e\/gitlab-pkg@1\.0\.0/);

  const circle = {
    orgId: '8a5b0b4e-1c1a-4c39-9c61-6f7f4d1f0a01',
    projectId: '0f7a7c59-7a44-4c77-8a6c-2f3b4a5c6d02',
    pipelineDefinitionId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a03',
    vcsOrigin: 'github.com/octo-org/octo-repo',
  };
  await sandbox.seed('@e2e/circle-pkg');
  await sandbox.setTrust('@e2e/circle-pkg', circleciTrust(circle));
  const cc = await runNpm(['publish'], {
    cwd: fixturePackage('@e2e/circle-pkg', '1.0.0'),
    registry: sandbox.registry,
    env: await sandbox.ciEnv('circleci', circle),
  });
  assert.equal(cc.code, 0, cc.stderr);
  assert.match(cc.stdout, /\+ @e2e\/circle-pkg@1\.0\.0/);
});
