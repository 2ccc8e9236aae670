import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  dirName,
  packument,
  runTrustpub,
  tempDir,
  trust,
  writePackage,
  githubJob,
} from './cli-harness.js';
import { useSandbox } from './support/sandbox.js';

// 30 packages in 5 layers of 6; each package of layer L depends on two packages of layer L-1 through
// `workspace:` ranges of every flavour, and on an external package through the default or a named catalog.
const LAYERS = 5;
const WIDTH = 6;
const nameOf = (layer: number, i: number) => `@acme/l${layer}p${i}`;
const FLAVOURS = ['workspace:^', 'workspace:*', 'workspace:~', 'workspace:^1.0.0'] as const;
const EXPECTED: Record<(typeof FLAVOURS)[number], string> = {
  'workspace:^': '^1.0.0',
  'workspace:*': '1.0.0',
  'workspace:~': '~1.0.0',
  'workspace:^1.0.0': '^1.0.0',
};

let root: string;
const names: string[] = [];

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    root = tempDir('pnpm-ws-');
    fs.writeFileSync(
      path.join(root, 'pnpm-workspace.yaml'),
      "packages:\n  - 'packages/*'\ncatalog:\n  left-pad: ^1.3.0\ncatalogs:\n  legacy:\n    is-even: ~0.1.2\n",
    );
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'acme-root', private: true }),
    );
    for (let layer = 0; layer < LAYERS; layer++) {
      for (let i = 0; i < WIDTH; i++) {
        const name = nameOf(layer, i);
        names.push(name);
        const dependencies: Record<string, string> = { 'left-pad': 'catalog:' };
        const peerDependencies: Record<string, string> = {};
        if (layer > 0) {
          dependencies[nameOf(layer - 1, i)] = FLAVOURS[i % FLAVOURS.length] as string;
          peerDependencies[nameOf(layer - 1, (i + 1) % WIDTH)] = FLAVOURS[
            (i + 1) % FLAVOURS.length
          ] as string;
        }
        if (i === 0) dependencies['is-even'] = 'catalog:legacy';
        writePackage(path.join(root, 'packages', dirName(name)), {
          name,
          dependencies,
          peerDependencies,
        });
      }
    }
    // A private package in the workspace is reported as skipped, never published.
    writePackage(path.join(root, 'packages', 'internal-tools'), {
      name: '@acme/internal-tools',
      private: true,
    });
    for (const name of names) {
      await sandbox.seed(name, '0.0.1');
      await trust(sandbox, name);
    }
  },
});

test('a 30-package pnpm workspace is released in dependency order with real ranges', async () => {
  const env = await githubJob(sandbox, 'private');
  const run = await runTrustpub(
    ['publish', '--workspaces', '--json', '--registry', sandbox.registry],
    { cwd: root, env },
  );
  assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
  const report = JSON.parse(run.stdout) as {
    ok: boolean;
    chunks: string[][];
    results: { name: string; status: string; chunk: number; reason?: string }[];
  };
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.chunks.map((c) => c.length),
    Array(LAYERS).fill(WIDTH),
    'one chunk per layer',
  );
  for (let layer = 0; layer < LAYERS; layer++)
    assert.ok(report.chunks[layer]?.every((n) => n.startsWith(`@acme/l${layer}`)));
  assert.equal(report.results.filter((r) => r.status === 'published').length, 30);
  assert.deepEqual(
    report.results.filter((r) => r.status === 'skipped').map((r) => [r.name, r.reason]),
    [['@acme/internal-tools', 'private']],
  );

  // Every upload of a dependent was answered after the uploads of its dependencies.
  const puts = sandbox
    .requests()
    .filter((r) => r.server === 'registry' && r.method === 'PUT' && r.status < 300)
    .map((r) => decodeURIComponent(r.path.slice(1)));
  assert.equal(puts.length, 30, `PUTs: ${puts.join(', ')}`);
  const position = (n: string) => puts.indexOf(n);
  for (let layer = 1; layer < LAYERS; layer++) {
    for (let i = 0; i < WIDTH; i++) {
      assert.ok(
        position(nameOf(layer, i)) > position(nameOf(layer - 1, i)),
        `${nameOf(layer, i)} after ${nameOf(layer - 1, i)}`,
      );
      assert.ok(position(nameOf(layer, i)) > position(nameOf(layer - 1, (i + 1) % WIDTH)));
    }
  }

  // The published manifests carry real ranges: workspace: and catalog: resolved.
  for (let layer = 1; layer < LAYERS; layer++) {
    for (let i = 0; i < WIDTH; i++) {
      const doc = await packument(sandbox, nameOf(layer, i));
      const published = doc?.versions?.['1.0.0'];
      assert.ok(published, `${nameOf(layer, i)}@1.0.0 is on the registry`);
      assert.equal(
        published.dependencies?.[nameOf(layer - 1, i)],
        EXPECTED[FLAVOURS[i % FLAVOURS.length] as keyof typeof EXPECTED],
      );
      assert.equal(
        published.peerDependencies?.[nameOf(layer - 1, (i + 1) % WIDTH)],
        EXPECTED[FLAVOURS[(i + 1) % FLAVOURS.length] as keyof typeof EXPECTED],
      );
      assert.equal(published.dependencies?.['left-pad'], '^1.3.0');
      if (i === 0) assert.equal(published.dependencies?.['is-even'], '~0.1.2');
      assert.doesNotMatch(JSON.stringify(published), /workspace:|catalog:/);
    }
  }
  assert.equal(await packument(sandbox, '@acme/internal-tools'), undefined);

  // Re-running publishes nothing: every version is already there.
  const again = await runTrustpub(
    ['publish', '--workspaces', '--json', '--registry', sandbox.registry],
    { cwd: root, env },
  );
  assert.equal(again.code, 0, again.stderr);
  const second = JSON.parse(again.stdout) as { results: { status: string }[] };
  assert.equal(second.results.filter((r) => r.status === 'already-published').length, 30);
  assert.equal(second.results.filter((r) => r.status === 'published').length, 0);
});
