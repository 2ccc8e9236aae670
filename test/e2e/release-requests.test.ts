import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox, type RecordedRequest, type Sandbox } from '@trustpub/sandbox';
import {
  baseEnv,
  REPO,
  runTrustpub,
  tempDir,
  trust,
  WORKFLOW,
  writeNpmWorkspace,
} from './cli-harness.js';
import { circleciTrust } from './support/trust-configs.js';

// What a release asks of the registry per package: its packument read, one exchange (the preflight's,
// whose token the upload reuses while fresh), the upload and the verification's read. A new exchange
// before the upload only when the first token is short-lived, or on CircleCI.
const CHAIN = ['@acme/rq-a', '@acme/rq-b', '@acme/rq-c'];
const CIRCLE = {
  orgId: '11111111-1111-4111-8111-111111111111',
  projectId: '22222222-2222-4222-8222-222222222222',
  pipelineDefinitionId: '33333333-3333-4333-8333-333333333333',
  vcsOrigin: 'github.com/acme/monorepo',
};

async function release(
  sandbox: Sandbox,
  provider: 'github' | 'circleci',
  args: string[] = [],
): Promise<RecordedRequest[]> {
  const root = tempDir('release-requests-');
  writeNpmWorkspace(root, [
    { name: CHAIN[0] as string },
    { name: CHAIN[1] as string, dependencies: { [CHAIN[0] as string]: '^1.0.0' } },
    { name: CHAIN[2] as string, dependencies: { [CHAIN[1] as string]: '^1.0.0' } },
  ]);
  for (const name of CHAIN) {
    await sandbox.seed(name, '0.0.1');
    if (provider === 'github') await trust(sandbox, name);
    else await sandbox.setTrust(name, circleciTrust(CIRCLE, ['createPackage']));
  }
  const env = {
    ...baseEnv(),
    ...(provider === 'github'
      ? await sandbox.ciEnv('github', { repo: REPO, workflow: WORKFLOW, visibility: 'private' })
      : await sandbox.ciEnv('circleci', CIRCLE)),
  };
  const mark = sandbox.requests().length;
  const run = await runTrustpub(['publish', '--workspaces', '--json', ...args], {
    cwd: root,
    env,
  });
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { results: { name: string; status: string }[] };
  for (const name of CHAIN)
    assert.equal(report.results.find((r) => r.name === name)?.status, 'published', name);
  return sandbox
    .requests()
    .slice(mark)
    .filter((r) => r.server === 'registry');
}

/** The registry requests that concern `name`, as `METHOD kind status`. */
function about(requests: RecordedRequest[], name: string): string[] {
  const esc = name.replace('/', '%2f');
  return requests
    .filter((r) => decodeURIComponent(r.path).endsWith(name) || r.path.endsWith(esc))
    .map(
      (r) =>
        `${r.method} ${r.path.includes('/oidc/token/exchange/') ? 'exchange' : 'packument'} ${r.status}`,
    );
}

test('one exchange per package: the upload reuses the preflight token; at most 4 requests per package, in dependency order', async () => {
  const sandbox = await startSandbox();
  try {
    const requests = await release(sandbox, 'github');
    for (const name of CHAIN) {
      const mine = about(requests, name);
      assert.deepEqual(
        [...mine].sort(),
        ['GET packument 200', 'GET packument 200', 'POST exchange 201', 'PUT packument 201'],
        `${name}: ${mine.join(', ')}`,
      );
    }
    assert.ok(requests.length <= 4 * CHAIN.length, `${requests.length} requests`);
    // Each dependent's upload came after its dependency's upload was answered.
    const puts = requests.filter((r) => r.method === 'PUT').map((r) => r.path);
    assert.deepEqual(
      puts,
      CHAIN.map((n) => `/${n.replace('/', '%2f')}`),
    );
  } finally {
    await sandbox.stop();
  }
});

test('without the preflight a package is still exchanged for once', async () => {
  const sandbox = await startSandbox();
  try {
    const requests = await release(sandbox, 'github', ['--no-preflight']);
    for (const name of CHAIN)
      assert.equal(
        about(requests, name).filter((r) => r.startsWith('POST exchange')).length,
        1,
        name,
      );
  } finally {
    await sandbox.stop();
  }
});

test('short-lived exchanged tokens are not reused: the upload exchanges again', async () => {
  // The registry's tokens live one minute here: too short to carry from the preflight to the upload.
  const sandbox = await startSandbox({ exchangeTokenTtlMs: 60_000 });
  try {
    const requests = await release(sandbox, 'github');
    for (const name of CHAIN)
      assert.equal(about(requests, name).filter((r) => r === 'POST exchange 201').length, 2, name);
  } finally {
    await sandbox.stop();
  }
});

test('on CircleCI the upload always exchanges again', async () => {
  const sandbox = await startSandbox();
  try {
    const requests = await release(sandbox, 'circleci');
    for (const name of CHAIN)
      assert.equal(about(requests, name).filter((r) => r === 'POST exchange 201').length, 2, name);
  } finally {
    await sandbox.stop();
  }
});
