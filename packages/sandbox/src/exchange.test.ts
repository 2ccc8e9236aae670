import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import { circleciClaims, githubClaims, gitlabClaims } from './claims.js';
import { loopbackRequest } from './http-util.js';
import { recordMinted } from './minted-log.js';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox } from './types.js';

const CIRCLE = {
  orgId: '8a5b0b4e-1c1a-4c39-9c61-6f7f4d1f0a01',
  projectId: '0f7a7c59-7a44-4c77-8a6c-2f3b4a5c6d02',
  pipelineDefinitionId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a03',
  vcsOrigin: 'github.com/octo-org/octo-repo',
};
let sandbox: Sandbox;

before(async () => {
  // Short-lived exchanged tokens (5 s), so the expiry test does not wait long.
  sandbox = await startSandbox({ exchangeTokenTtlMs: 5000 });
  for (const name of ['@x/gh', '@x/gl', '@x/cc', '@x/other', '@x/untrusted'])
    await sandbox.seed(name);
  await sandbox.setTrust('@x/gh', {
    type: 'github',
    claims: { repository: 'octo-org/octo-repo', workflow_ref: { file: 'release.yml' } },
  });
  await sandbox.setTrust('@x/gl', {
    type: 'gitlab',
    claims: {
      project_path: 'grp/sub/proj',
      ci_config_ref_uri: { file: '.gitlab-ci.yml' },
      environment: 'production',
    },
  });
  await sandbox.setTrust('@x/cc', {
    type: 'circleci',
    claims: {
      'oidc.circleci.com/org-id': CIRCLE.orgId,
      'oidc.circleci.com/project-id': CIRCLE.projectId,
      'oidc.circleci.com/pipeline-definition-id': CIRCLE.pipelineDefinitionId,
      'oidc.circleci.com/vcs-origin': CIRCLE.vcsOrigin,
    },
  });
});
after(() => sandbox.stop());

async function exchange(
  segment: string,
  idToken?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.registry}-/npm/v1/oidc/token/exchange/package/${segment}`, {
    method: 'POST',
    headers: idToken ? { authorization: `Bearer ${idToken}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const gh = (o: Partial<Parameters<typeof githubClaims>[0]> = {}, extra = {}) =>
  githubClaims({ repo: 'octo-org/octo-repo', workflow: 'release.yml', ...o }, extra);
const NOT_FOUND = {
  status: 404,
  body: { message: 'OIDC token exchange error - package not found' },
};
const UNAUTHORIZED = { status: 401, body: { message: 'OIDC token exchange error - unauthorized' } };

describe('exchange answers as npmjs', () => {
  test('201 {token_type, token, created, expires}, lifetime as configured; both name encodings', async () => {
    for (const segment of ['@x%2fgh', '%40x%2Fgh']) {
      const { status, body } = await exchange(segment, await sandbox.mintIdToken(gh()));
      assert.equal(status, 201);
      assert.equal(body.token_type, 'oidc');
      assert.equal(typeof body.token, 'string');
      assert.equal(Date.parse(String(body.expires)) - Date.parse(String(body.created)), 5000);
    }
  });
  test('matching uses workflow_ref (the calling workflow), not job_workflow_ref', async () => {
    const reusable = gh({
      jobWorkflowRef: 'octo-org/shared/.github/workflows/publish.yml@refs/heads/main',
    });
    assert.equal((await exchange('@x%2fgh', await sandbox.mintIdToken(reusable))).status, 201);
    const caller = gh({
      workflow: 'ci.yml',
      jobWorkflowRef: 'octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main',
    });
    assert.deepEqual(await exchange('@x%2fgh', await sandbox.mintIdToken(caller)), NOT_FOUND);
  });
  test('an immutable-format sub does not matter', async () => {
    const claims = gh({}, { sub: 'repo:octo-org@65/octo-repo@74:ref:refs/heads/main' });
    assert.equal((await exchange('@x%2fgh', await sandbox.mintIdToken(claims))).status, 201);
  });
  test('404 for no trusted publisher, an unknown package, wrong case', async () => {
    assert.deepEqual(await exchange('@x%2funtrusted', await sandbox.mintIdToken(gh())), NOT_FOUND);
    assert.deepEqual(await exchange('@x%2fmissing', await sandbox.mintIdToken(gh())), NOT_FOUND);
    assert.deepEqual(
      await exchange('@x%2fgh', await sandbox.mintIdToken(gh({ repo: 'Octo-Org/octo-repo' }))),
      NOT_FOUND,
    );
  });
  test('401 for a wrong issuer, a foreign key, no token, an expired token, a wrong audience', async () => {
    assert.deepEqual(
      await exchange(
        '@x%2fgh',
        await sandbox.mintIdToken({
          ...gh(),
          iss: 'https://token.actions.githubusercontent.com/acme',
        }),
      ),
      UNAUTHORIZED,
    );
    const { privateKey } = await jose.generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new jose.SignJWT(gh())
      .setProtectedHeader({ alg: 'RS256', kid: 'trustpub-sandbox-1' })
      .setIssuer(sandbox.issuer)
      .setAudience('npm:127.0.0.1')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    recordMinted('id-token', forged);
    assert.deepEqual(await exchange('@x%2fgh', forged), UNAUTHORIZED);
    assert.deepEqual(await exchange('@x%2fgh'), UNAUTHORIZED);
    assert.deepEqual(
      await exchange(
        '@x%2fgh',
        await sandbox.mintIdToken(gh(), { issuedAt: now - 1000, ttlSeconds: 300 }),
      ),
      UNAUTHORIZED,
    );
    assert.deepEqual(
      await exchange('@x%2fgh', await sandbox.mintIdToken(gh(), { aud: 'npm:registry.npmjs.org' })),
      UNAUTHORIZED,
    );
  });
  test('the audience may name the host the client used (npm derives it from its registry URL)', async () => {
    const port = Number(new URL(sandbox.registry).port);
    const viaLocalhost = async (aud: string) =>
      (
        await loopbackRequest(port, 'POST', '/-/npm/v1/oidc/token/exchange/package/@x%2fgh', {
          host: `localhost:${port}`,
          authorization: `Bearer ${await sandbox.mintIdToken(gh(), { aud })}`,
        })
      ).status;
    assert.equal(await viaLocalhost('npm:localhost'), 201);
    assert.equal(await viaLocalhost('npm:127.0.0.1'), 201);
    assert.deepEqual(
      await exchange('@x%2fgh', await sandbox.mintIdToken(gh(), { aud: 'npm:localhost' })),
      UNAUTHORIZED,
    );
  });
  test('400 for a name that cannot be decoded', async () => {
    assert.deepEqual(await exchange('%E0%A4%A', await sandbox.mintIdToken(gh())), {
      status: 400,
      body: { message: 'OIDC token exchange error - bad request' },
    });
  });
  test('GitLab: project_path + CI file + environment; self-hosted refused', async () => {
    const ok = gitlabClaims({ project: 'grp/sub/proj', environment: 'production' });
    assert.equal((await exchange('@x%2fgl', await sandbox.mintIdToken(ok))).status, 201);
    const noEnv = gitlabClaims({ project: 'grp/sub/proj' });
    assert.deepEqual(await exchange('@x%2fgl', await sandbox.mintIdToken(noEnv)), NOT_FOUND);
    const otherFile = gitlabClaims({
      project: 'grp/sub/proj',
      file: 'release.yml',
      environment: 'production',
    });
    assert.deepEqual(await exchange('@x%2fgl', await sandbox.mintIdToken(otherFile)), NOT_FOUND);
    const selfHosted = gitlabClaims({
      project: 'grp/sub/proj',
      environment: 'production',
      runner: 'self-hosted',
    });
    assert.deepEqual(await exchange('@x%2fgl', await sandbox.mintIdToken(selfHosted)), NOT_FOUND);
  });
  test('CircleCI: ids and VCS origin match; a token older than 5 minutes is refused', async () => {
    assert.equal(
      (await exchange('@x%2fcc', await sandbox.mintIdToken(circleciClaims(CIRCLE)))).status,
      201,
    );
    const otherProject = circleciClaims({
      ...CIRCLE,
      projectId: '11111111-2222-4333-8444-555555555555',
    });
    assert.deepEqual(await exchange('@x%2fcc', await sandbox.mintIdToken(otherProject)), NOT_FOUND);
    const stale = await sandbox.mintIdToken(circleciClaims(CIRCLE), {
      issuedAt: Math.floor(Date.now() / 1000) - 360,
      ttlSeconds: 3600,
    });
    assert.deepEqual(await exchange('@x%2fcc', stale), UNAUTHORIZED);
  });
});

describe('exchanged tokens', () => {
  const put = (token: string, path: string, body: string) =>
    fetch(`${sandbox.registry}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });

  test('may change their own package (dist-tags by default) and nothing else, until they expire', async () => {
    const { body } = await exchange('@x%2fgh', await sandbox.mintIdToken(gh()));
    const token = String(body.token);
    assert.equal((await put(token, '-/package/@x%2fgh/dist-tags/next', '"0.0.1"')).status, 201);
    const other = await put(token, '-/package/@x%2fother/dist-tags/next', '"0.0.1"');
    assert.equal(other.status, 403);
    assert.match(((await other.json()) as { error: string }).error, /may only publish @x\/gh/);
    // Wait until the token's own expiry has passed (the gateway revokes it then).
    const wait = Date.parse(String(body.expires)) - Date.now() + 150;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    const expired = await put(token, '-/package/@x%2fgh/dist-tags/later', '"0.0.1"');
    assert.equal(expired.status, 403);
    assert.deepEqual(await expired.json(), { error: 'unauthorized access' });
  });

  test('dist-tags can be refused for exchanged tokens (exchangedTokensForDistTags: false)', async () => {
    const strict = await startSandbox({ exchangedTokensForDistTags: false });
    try {
      await strict.seed('@x/strict');
      await strict.setTrust('@x/strict', {
        type: 'github',
        claims: { repository: 'octo-org/octo-repo', workflow_ref: { file: 'release.yml' } },
      });
      const res = await fetch(
        `${strict.registry}-/npm/v1/oidc/token/exchange/package/@x%2fstrict`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${await strict.mintIdToken(gh())}` },
        },
      );
      const { token } = (await res.json()) as { token: string };
      const tag = await fetch(`${strict.registry}-/package/@x%2fstrict/dist-tags/next`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '"0.0.1"',
      });
      assert.equal(tag.status, 403);
    } finally {
      await strict.stop();
    }
  });
});
