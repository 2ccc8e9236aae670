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

test('among many secrets, each one in a text is redacted, also sharing a prefix or inside another', () => {
  const secrets = createSecrets();
  const tokens = Array.from(
    { length: 500 },
    (_, i) => `npm_${String(i).padStart(4, '0')}abcdefghijklmnop`,
  );
  for (const t of tokens) secrets.add(t);
  // Same first eight characters as a registered token, and one token inside a longer one.
  secrets.add('npm_0007abcdZZZZZZZZ');
  secrets.add('xx-npm_0042abcdefghijklmnop-yy');
  assert.equal(
    secrets.redact(`a ${tokens[7]} b npm_0007abcdZZZZZZZZ c ${tokens[499]}${tokens[499]} d`),
    'a *** b *** c ****** d',
  );
  // The token registered first is replaced first, as when every secret was tried in turn.
  assert.equal(secrets.redact('xx-npm_0042abcdefghijklmnop-yy'), 'xx-***-yy');
  assert.equal(secrets.redact('npm_0007abcd is only a prefix'), 'npm_0007abcd is only a prefix');
});
