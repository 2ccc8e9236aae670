import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecrets } from './secrets.js';

test('registered secrets are redacted wherever they appear, and announced once', () => {
  const announced: string[] = [];
  const secrets = createSecrets((v) => announced.push(v));
  secrets.add('npm_exchangedTOKEN0123456789');
  secrets.add('npm_exchangedTOKEN0123456789');
  assert.deepEqual(announced, ['npm_exchangedTOKEN0123456789']);
  assert.equal(
    secrets.redact('PUT failed with npm_exchangedTOKEN0123456789 in it'),
    'PUT failed with *** in it',
  );
});

test('credential shapes are redacted even when never registered', () => {
  const secrets = createSecrets();
  assert.equal(
    secrets.redact('//127.0.0.1:4873/:_authToken=abcdef123456'),
    '//127.0.0.1:4873/:_authToken=***',
  );
  assert.equal(
    secrets.redact('Authorization: Bearer eyJhbGciOi.abc.def'),
    'Authorization: Bearer ***',
  );
  assert.equal(
    secrets.redact('https://user:hunter22@example.invalid/x'),
    'https://user:***@example.invalid/x',
  );
});

test('short values are not treated as secrets', () => {
  const secrets = createSecrets();
  secrets.add('abc');
  assert.equal(secrets.redact('abc abc'), 'abc abc');
});
