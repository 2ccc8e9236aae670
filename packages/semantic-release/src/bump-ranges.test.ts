import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bumpDependencyRanges, bumpRange } from './bump-ranges.js';

test('workspace: shorthands stay, explicit ranges move and keep their prefix and operator', () => {
  assert.equal(bumpRange('workspace:*', '2.0.0'), 'workspace:*');
  assert.equal(bumpRange('workspace:^', '2.0.0'), 'workspace:^');
  assert.equal(bumpRange('workspace:~', '2.0.0'), 'workspace:~');
  assert.equal(bumpRange('workspace:^1.0.0', '2.0.0'), 'workspace:^2.0.0');
  assert.equal(bumpRange('workspace:1.0.0', '2.0.0'), 'workspace:2.0.0');
  assert.equal(bumpRange('^1.0.0', '2.0.0'), '^2.0.0');
  assert.equal(bumpRange('~1.2.3-beta.1', '1.3.0'), '~1.3.0');
  assert.equal(bumpRange('>=1.0.0', '2.0.0'), '>=2.0.0');
  assert.equal(bumpRange('1.x', '2.0.0'), '1.x');
  assert.equal(bumpRange('file:../a', '2.0.0'), 'file:../a');
});

test('only ranges that point at released packages move', () => {
  const pkg = {
    name: 'b',
    dependencies: { a: 'workspace:^1.0.0', lodash: '^4.17.0' },
    devDependencies: { c: '^1.0.0' },
    peerDependencies: { a: '^1.0.0' },
  };
  assert.equal(bumpDependencyRanges(pkg, new Map([['a', '1.1.0']])), true);
  assert.deepEqual(pkg.dependencies, { a: 'workspace:^1.1.0', lodash: '^4.17.0' });
  assert.deepEqual(pkg.devDependencies, { c: '^1.0.0' });
  assert.deepEqual(pkg.peerDependencies, { a: '^1.1.0' });
  assert.equal(bumpDependencyRanges(pkg, new Map([['a', '1.1.0']])), false);
});
