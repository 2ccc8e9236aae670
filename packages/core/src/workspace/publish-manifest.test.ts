import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrustpubError } from '../errors/index.js';
import type { Manifest } from './manifest.js';
import { needsWorkspace, toPublishManifest } from './publish-manifest.js';
import type { WorkspaceIndex } from '../kernel/index.js';

const workspace: WorkspaceIndex = {
  root: '/repo',
  packages: new Map([
    ['@s/lib', { name: '@s/lib', version: '1.2.3', dir: '/repo/packages/lib' }],
    ['util', { name: 'util', version: '0.4.0-beta.1', dir: '/repo/packages/util' }],
  ]),
  catalogs: new Map([
    ['default', new Map([['left-pad', '^1.3.0']])],
    ['legacy', new Map([['react', '^17.0.2']])],
  ]),
};

const pkg = (deps: Record<string, unknown>, field = 'dependencies'): Manifest => ({
  name: '@s/app',
  version: '2.0.0',
  [field]: deps,
});

function replaceOne(spec: string, dep = '@s/lib', field = 'dependencies'): unknown {
  const out = toPublishManifest(pkg({ [dep]: spec }, field), {
    workspace,
    dir: '/repo/packages/app',
  });
  return (out[field] as Record<string, unknown>)[dep];
}

function refusal(
  spec: string,
  dep = '@s/lib',
  ws: WorkspaceIndex | null = workspace,
): TrustpubError {
  try {
    toPublishManifest(pkg({ [dep]: spec }), {
      workspace: ws ?? undefined,
      dir: '/repo/packages/app',
    });
  } catch (error) {
    assert.ok(error instanceof TrustpubError);
    assert.ok(error.hint.length > 0);
    return error as TrustpubError;
  }
  return assert.fail(`expected ${spec} to be refused`);
}

test('every workspace: form becomes what pnpm publishes', () => {
  assert.equal(replaceOne('workspace:*'), '1.2.3');
  assert.equal(replaceOne('workspace:^'), '^1.2.3');
  assert.equal(replaceOne('workspace:~'), '~1.2.3');
  assert.equal(replaceOne('workspace:^1.2.0'), '^1.2.0');
  assert.equal(replaceOne('workspace:>=1.0.0 <2'), '>=1.0.0 <2');
  assert.equal(replaceOne('workspace:1.2.3'), '1.2.3');
  assert.equal(replaceOne('workspace:../lib'), '1.2.3');
  assert.equal(replaceOne('workspace:../util', 'util'), '0.4.0-beta.1');
  assert.equal(replaceOne('workspace:../util', 'anything'), 'npm:util@0.4.0-beta.1');
  assert.equal(replaceOne('workspace:packages/lib'), '1.2.3');
  assert.equal(replaceOne('workspace:@s/lib@^', 'alias'), 'npm:@s/lib@^1.2.3');
  assert.equal(replaceOne('workspace:util@*', 'alias'), 'npm:util@0.4.0-beta.1');
  assert.equal(replaceOne('workspace:^', 'util'), '^0.4.0-beta.1');
});

test('ranges are replaced in all four dependency fields, other fields and publishConfig untouched', () => {
  for (const field of [
    'dependencies',
    'devDependencies',
    'optionalDependencies',
    'peerDependencies',
  ]) {
    assert.equal(replaceOne('workspace:^', '@s/lib', field), '^1.2.3', field);
  }
  const manifest: Manifest = {
    name: 'x',
    version: '1.0.0',
    main: 'src/index.js',
    publishConfig: { main: 'dist/index.js', access: 'public' },
    dependencies: { 'left-pad': 'catalog:', other: '^1.0.0' },
  };
  const out = toPublishManifest(manifest, { workspace });
  assert.deepEqual(out, { ...manifest, dependencies: { 'left-pad': '^1.3.0', other: '^1.0.0' } });
  assert.equal(
    manifest.dependencies && (manifest.dependencies as Record<string, string>)['left-pad'],
    'catalog:',
    'input not mutated',
  );
  const plain: Manifest = { name: 'y', version: '1.0.0', dependencies: { a: '^1' } };
  assert.equal(toPublishManifest(plain, {}), plain, 'nothing to replace: the same object');
});

test('catalog:, catalog:default and named catalogs', () => {
  assert.equal(replaceOne('catalog:', 'left-pad'), '^1.3.0');
  assert.equal(replaceOne('catalog:default', 'left-pad'), '^1.3.0');
  assert.equal(replaceOne('catalog:legacy', 'react'), '^17.0.2');
});

test('an unknown workspace: target is CONFIG_WORKSPACE_TARGET_UNKNOWN naming the dependency', () => {
  const byName = refusal('workspace:^', '@s/missing');
  assert.equal(byName.code, 'CONFIG_WORKSPACE_TARGET_UNKNOWN');
  assert.match(
    byName.message,
    /@s\/app: dependencies\["@s\/missing"\] is "workspace:\^", but no workspace package is named "@s\/missing" in the workspace at \/repo/,
  );
  assert.equal(refusal('workspace:../nowhere').code, 'CONFIG_WORKSPACE_TARGET_UNKNOWN');
  const noWorkspace = refusal('workspace:*', '@s/lib', null);
  assert.equal(noWorkspace.code, 'CONFIG_WORKSPACE_TARGET_UNKNOWN');
  assert.match(noWorkspace.message, /no workspace was found/);
});

test('an explicit range that is not semver, or refuses the workspace version, is CONFIG_WORKSPACE_RANGE_INVALID', () => {
  assert.equal(refusal('workspace:not a range!').code, 'CONFIG_WORKSPACE_RANGE_INVALID');
  const mismatch = refusal('workspace:^2.0.0');
  assert.equal(mismatch.code, 'CONFIG_WORKSPACE_RANGE_INVALID');
  assert.match(mismatch.message, /@s\/lib is at 1\.2\.3, which "\^2\.0\.0" does not accept/);
});

test('unknown catalogs and entries are CONFIG_CATALOG_ENTRY_UNKNOWN', () => {
  const entry = refusal('catalog:', 'right-pad');
  assert.equal(entry.code, 'CONFIG_CATALOG_ENTRY_UNKNOWN');
  assert.match(entry.message, /the default catalog has no entry for "right-pad"/);
  const catalog = refusal('catalog:nope', 'react');
  assert.equal(catalog.code, 'CONFIG_CATALOG_ENTRY_UNKNOWN');
  assert.match(catalog.message, /no catalog named "nope" \(catalogs: default, legacy\)/);
  const alone = refusal('catalog:', 'left-pad', null);
  assert.equal(alone.code, 'CONFIG_CATALOG_ENTRY_UNKNOWN');
  assert.match(alone.message, /no workspace .* was found to resolve it/);
});

test('needsWorkspace spots workspace: and catalog: ranges', () => {
  assert.equal(needsWorkspace(pkg({ a: 'workspace:*' })), true);
  assert.equal(needsWorkspace(pkg({ a: 'catalog:' }, 'peerDependencies')), true);
  assert.equal(needsWorkspace(pkg({ a: '^1.0.0' })), false);
});
