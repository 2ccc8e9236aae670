import assert from 'node:assert/strict';
import { test } from 'node:test';
import { audiencesOf, decodeClaims, relevantClaims } from './claims.js';
import { isTrustpubError } from '../errors/index.js';
import { fakeJwt } from '../kernel/support.test.helper.js';

test('decodes base64url payloads without checking the signature', () => {
  const claims = decodeClaims(fakeJwt({ repository: 'o/r', aud: 'npm:127.0.0.1', note: '??>>' }));
  assert.equal(claims.repository, 'o/r');
  assert.deepEqual(audiencesOf(claims), ['npm:127.0.0.1']);
  assert.deepEqual(audiencesOf({ aud: ['a', 'b'] }), ['a', 'b']);
});

test("malformed tokens are ID_TOKEN_INVALID_JWT, like npm's broken-JWT fixtures", () => {
  for (const bad of [
    'x.invalid-jwt.x',
    'x.invalid-jwt',
    'x.',
    'x',
    `a.${Buffer.from('[1]').toString('base64url')}.c`,
  ]) {
    assert.throws(
      () => decodeClaims(bad),
      (e: unknown) => isTrustpubError(e) && e.code === 'ID_TOKEN_INVALID_JWT',
      bad,
    );
  }
});

test('relevant claims mark absent ones as missing', () => {
  const shown = relevantClaims('github', { repository: 'o/r' });
  assert.equal(shown.repository, 'o/r');
  assert.equal(shown.environment, '(missing)');
});
