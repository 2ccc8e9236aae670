import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPublishable, resolveAccess, resolveTag } from './checks.js';
import { hasCode } from '../kernel/support.test.helper.js';

const latest = { tag: 'latest', explicit: false };
const ok = { name: '@sc/a', version: '1.0.0' };

test('publishable packages pass; tags and access resolve like npm', () => {
  checkPublishable(ok, { tag: latest, access: null });
  checkPublishable(
    { name: 'a', version: '2.0.0-beta.1' },
    { tag: { tag: 'next', explicit: true }, access: 'public' },
  );
  assert.deepEqual(resolveTag({ publishConfig: { tag: 'next' } }, undefined), {
    tag: 'next',
    explicit: true,
  });
  assert.deepEqual(resolveTag({ publishConfig: { tag: 'next' } }, 'beta'), {
    tag: 'beta',
    explicit: true,
  });
  assert.deepEqual(resolveTag({}, undefined), latest);
  assert.equal(resolveAccess({ publishConfig: { access: 'public' } }, undefined), 'public');
  assert.equal(resolveAccess({}, undefined), null);
  assert.throws(
    () => resolveAccess({ publishConfig: { access: 'open' } }, undefined),
    hasCode('CONFIG_INVALID_ACCESS'),
  );
});

test('private, bad semver, prerelease without tag, unscoped restricted, bad tag, bad name: each its own code', () => {
  assert.throws(
    () => checkPublishable({ ...ok, private: true }, { tag: latest, access: null }),
    hasCode('CONFIG_PRIVATE_PACKAGE'),
  );
  assert.throws(
    () => checkPublishable({ ...ok, version: '1.0' }, { tag: latest, access: null }),
    hasCode('CONFIG_INVALID_VERSION'),
  );
  assert.throws(
    () => checkPublishable({ ...ok, version: '1.0.0-rc.1' }, { tag: latest, access: null }),
    hasCode('CONFIG_PRERELEASE_NEEDS_TAG'),
  );
  assert.throws(
    () => checkPublishable({ name: 'a', version: '1.0.0' }, { tag: latest, access: 'restricted' }),
    hasCode('CONFIG_RESTRICTED_UNSCOPED'),
  );
  assert.throws(
    () => checkPublishable(ok, { tag: { tag: '^1.0.0', explicit: true }, access: null }),
    hasCode('CONFIG_INVALID_TAG'),
  );
  assert.throws(
    () => checkPublishable(ok, { tag: { tag: 'a/b', explicit: true }, access: null }),
    hasCode('CONFIG_INVALID_TAG'),
  );
  assert.throws(
    () => checkPublishable({ ...ok, name: 'Bad Name' }, { tag: latest, access: null }),
    hasCode('CONFIG_INVALID_NAME'),
  );
});
