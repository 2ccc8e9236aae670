import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrustpubError } from '../errors/index.js';
import { chunkByDependencies } from './chunks.js';

const pkg = (name: string, manifest: Record<string, unknown> = {}) => ({ name, manifest });
const names = (chunks: { name: string }[][]) => chunks.map((c) => c.map((p) => p.name));

test('dependencies come before dependents, independents share a chunk', () => {
  const chunks = chunkByDependencies([
    pkg('app', { dependencies: { lib: 'workspace:*', utils: '^1.0.0' } }),
    pkg('lib', { peerDependencies: { utils: '*' } }),
    pkg('utils'),
    pkg('other', { optionalDependencies: { left: '1' } }),
  ]);
  assert.deepEqual(names(chunks), [['other', 'utils'], ['lib'], ['app']]);
});

test('dependencies outside the set order nothing', () => {
  const chunks = chunkByDependencies([
    pkg('a', { dependencies: { gone: '1', react: '19' } }),
    pkg('b'),
  ]);
  assert.deepEqual(names(chunks), [['a', 'b']]);
});

test('devDependencies order when they can and a dev-only cycle is broken', () => {
  assert.deepEqual(
    names(chunkByDependencies([pkg('a', { devDependencies: { b: '1' } }), pkg('b')])),
    [['b'], ['a']],
  );
  const cyclic = chunkByDependencies([
    pkg('a', { dependencies: { b: '1' } }),
    pkg('b', { devDependencies: { a: '1' } }),
  ]);
  assert.deepEqual(names(cyclic), [['b'], ['a']]);
});

test('a cycle through real dependencies is a coded error naming the packages', () => {
  assert.throws(
    () =>
      chunkByDependencies([
        pkg('x', { dependencies: { y: '1' } }),
        pkg('y', { peerDependencies: { z: '1' } }),
        pkg('z', { dependencies: { x: '1' } }),
        pkg('free'),
      ]),
    (e: unknown) =>
      e instanceof TrustpubError &&
      e.code === 'RELEASE_DEPENDENCY_CYCLE' &&
      e.message.includes('x <-> y <-> z') &&
      e.hint.length > 0,
  );
});

test('a 2000-package chain neither overflows nor slows down', () => {
  const list = Array.from({ length: 2000 }, (_, i) =>
    pkg(`p${i}`, i ? { dependencies: { [`p${i - 1}`]: '1' } } : {}),
  );
  const chunks = chunkByDependencies(list);
  assert.equal(chunks.length, 2000);
  assert.equal(chunks[1999]?.[0]?.name, 'p1999');
});
