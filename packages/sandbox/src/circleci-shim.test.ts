import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
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
  sandbox = await startSandbox();
});
after(() => sandbox.stop());

function circleci(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('circleci', args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

test('`circleci run oidc get --claims` in the job environment mints a fresh token that the exchange accepts', async () => {
  await sandbox.seed('@c/pkg');
  await sandbox.setTrust('@c/pkg', {
    type: 'circleci',
    claims: {
      'oidc.circleci.com/org-id': CIRCLE.orgId,
      'oidc.circleci.com/project-id': CIRCLE.projectId,
      'oidc.circleci.com/pipeline-definition-id': CIRCLE.pipelineDefinitionId,
      'oidc.circleci.com/vcs-origin': CIRCLE.vcsOrigin,
    },
  });
  const env = await sandbox.ciEnv('circleci', CIRCLE);
  const r = await circleci(['run', 'oidc', 'get', '--claims', '{"aud":"npm:127.0.0.1"}'], env);
  assert.equal(r.code, 0, r.stderr);
  const token = r.stdout.trim();
  const claims = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
  ) as Record<string, unknown>;
  assert.equal(claims.aud, 'npm:127.0.0.1');
  assert.equal(claims['oidc.circleci.com/project-id'], CIRCLE.projectId);
  const ex = await fetch(`${sandbox.registry}-/npm/v1/oidc/token/exchange/package/@c%2fpkg`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(ex.status, 201);
});

test('outside a job (no CIRCLE_OIDC_TOKEN_V2) the stand-in fails like the CLI, with a message', async () => {
  const env = await sandbox.ciEnv('circleci', CIRCLE);
  const r = await circleci(['run', 'oidc', 'get'], { ...env, CIRCLE_OIDC_TOKEN_V2: '' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /CIRCLE_OIDC_TOKEN_V2 is not set/);
  assert.equal(r.stdout, '');
});
