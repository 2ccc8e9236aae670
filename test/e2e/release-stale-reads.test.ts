import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubJob, runTrustpub, tempDir, trust, writeNpmWorkspace } from './cli-harness.js';
import { useSandbox } from './support/sandbox.js';

// npmjs serves anonymous packument reads from its CDN for minutes, and a publish does not purge them.
// A re-run right after a partial release must still see what the first run published.
let root: string;
let env: Record<string, string>;
const sandbox = useSandbox(
  { cdnCacheMs: 300_000 },
  {
    setUp: async () => {
      root = tempDir('stale-reads-');
      writeNpmWorkspace(root, [
        { name: '@acme/base' },
        { name: '@acme/app', dependencies: { '@acme/base': '^1.0.0' } },
      ]);
      await sandbox.seed('@acme/base', '0.0.1');
      await sandbox.seed('@acme/app', '0.0.1');
      await trust(sandbox, '@acme/base');
      env = await githubJob(sandbox, 'private');
    },
  },
);

async function cdnRead(name: string): Promise<{ cdn: string | null; versions: string[] }> {
  const res = await fetch(new URL(name.replace('/', '%2f'), sandbox.registry));
  const doc = (await res.json()) as { versions?: Record<string, unknown> };
  return { cdn: res.headers.get('x-sandbox-cdn'), versions: Object.keys(doc.versions ?? {}) };
}

test('a re-run within the CDN window publishes exactly what is missing, and verification passes', async () => {
  // Someone (npm view, a previous job) has read both packuments: the CDN now holds 0.0.1 only.
  assert.deepEqual(await cdnRead('@acme/base'), { cdn: 'MISS', versions: ['0.0.1'] });
  assert.deepEqual(await cdnRead('@acme/app'), { cdn: 'MISS', versions: ['0.0.1'] });

  const start = sandbox.requests().length;
  const first = await runTrustpub(['publish', '--workspaces', '--no-preflight', '--json'], {
    cwd: root,
    env,
  });
  assert.equal(first.code, 1, first.stderr);
  const firstReport = JSON.parse(first.stdout) as { results: { name: string; status: string }[] };
  const status = (r: typeof firstReport, n: string) => r.results.find((e) => e.name === n)?.status;
  // Published and verified although the CDN still serves the old document.
  assert.equal(status(firstReport, '@acme/base'), 'published');
  assert.equal(status(firstReport, '@acme/app'), 'failed');
  // The publish token went with the upload only: the plan and the verification read without it.
  const base = sandbox
    .requests()
    .slice(start)
    .filter((r) => r.path === '/@acme%2fbase')
    .map((r) => `${r.method} ${r.auth ?? 'anonymous'} ${r.status}`);
  assert.deepEqual(base, ['GET anonymous 200', 'PUT bearer 201', 'GET anonymous 200']);
  assert.deepEqual(await cdnRead('@acme/base'), { cdn: 'HIT', versions: ['0.0.1'] });

  await trust(sandbox, '@acme/app');
  const mark = sandbox.requests().length;
  const rerun = await runTrustpub(['publish', '--workspaces', '--json'], { cwd: root, env });
  assert.equal(rerun.code, 0, rerun.stderr);
  const report = JSON.parse(rerun.stdout) as typeof firstReport;
  assert.equal(status(report, '@acme/base'), 'already-published');
  assert.equal(status(report, '@acme/app'), 'published');
  // Nothing was asked of the registry for base beyond reading it: no exchange, no upload.
  const touched = sandbox
    .requests()
    .slice(mark)
    .filter((r) => r.method !== 'GET' && r.path.includes('base'));
  assert.deepEqual(touched, []);
});
