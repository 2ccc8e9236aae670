import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prereleaseId, releaseAccess, releaseTag } from './release-tag.js';

const pre = { mode: 'pre' as const, tag: 'next' };

test('--tag wins, then the pre tag, then latest', () => {
  assert.deepEqual(releaseTag({ cliTag: 'beta', preState: undefined, published: undefined }), {
    tag: 'beta',
    onlyPre: false,
  });
  assert.deepEqual(releaseTag({ cliTag: undefined, preState: undefined, published: undefined }), {
    tag: 'latest',
    onlyPre: false,
  });
  const published = { versions: ['1.0.0', '1.1.0-next.0'], distTags: { latest: '1.0.0' } };
  assert.deepEqual(releaseTag({ cliTag: undefined, preState: pre, published }), {
    tag: 'next',
    onlyPre: false,
  });
});

test('pre mode, never published: the pre tag (changesets 3 needs a registry latest for only-pre)', () => {
  assert.deepEqual(releaseTag({ cliTag: undefined, preState: pre, published: undefined }), {
    tag: 'next',
    onlyPre: false,
  });
});

test('only-pre: every published version is a prerelease with the pre id and latest exists -> latest', () => {
  const published = {
    versions: ['1.0.0-next.0', '1.0.0-next.1'],
    distTags: { latest: '1.0.0-next.0', next: '1.0.0-next.1' },
  };
  assert.deepEqual(releaseTag({ cliTag: undefined, preState: pre, published }), {
    tag: 'latest',
    onlyPre: true,
  });
  const noLatest = { versions: ['1.0.0-next.0'], distTags: { next: '1.0.0-next.0' } };
  assert.equal(releaseTag({ cliTag: undefined, preState: pre, published: noLatest }).tag, 'next');
  const otherId = { versions: ['1.0.0-beta.0'], distTags: { latest: '1.0.0-beta.0' } };
  assert.equal(releaseTag({ cliTag: undefined, preState: pre, published: otherId }).tag, 'next');
});

test('prereleaseId reads the first identifier and ignores build metadata', () => {
  assert.equal(prereleaseId('1.0.0-next.2+abc'), 'next');
  assert.equal(prereleaseId('1.0.0+build-1'), undefined);
  assert.equal(prereleaseId('2.0.0'), undefined);
});

test('the restricted default is never applied to an unscoped name; explicit publishConfig.access is kept', () => {
  assert.equal(releaseAccess('pkg-b', undefined, 'restricted'), undefined);
  assert.equal(releaseAccess('@s/a', undefined, 'restricted'), 'restricted');
  assert.equal(releaseAccess('pkg-b', undefined, 'public'), 'public');
  assert.equal(releaseAccess('@s/a', 'public', 'restricted'), 'public');
  assert.equal(releaseAccess('pkg-b', 'restricted', 'public'), 'restricted');
});
