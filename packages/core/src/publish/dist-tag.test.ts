import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setDistTag } from './dist-tag.js';
import { hasCode, testContext } from '../kernel/support.test.helper.js';

test('a dist-tag change over plain http to another machine is refused before any token is asked for', async () => {
  let asked = 0;
  await assert.rejects(
    setDistTag(
      {
        name: '@acme/a',
        version: '1.0.0',
        tag: 'next',
        registry: 'http://192.0.2.1/',
        idTokens: { get: () => Promise.resolve(`${++asked}`) },
      },
      testContext({ env: { GITLAB_CI: 'true' } }),
    ),
    hasCode('TOKEN_TRANSPORT_INSECURE'),
  );
  assert.equal(asked, 0);
});
