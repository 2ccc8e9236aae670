import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOtp, newOtpSecret, totp } from './totp.js';

test('RFC 6238 test vector (SHA-1, T=59 s): 94287082 -> last six digits', () => {
  assert.equal(totp('12345678901234567890', 59_000), '287082');
});

test('a code is valid for its step and the one after, then expires', () => {
  const secret = newOtpSecret();
  const now = Date.now();
  assert.equal(checkOtp(secret, totp(secret, now), now), true);
  assert.equal(checkOtp(secret, totp(secret, now - 30_000), now), true);
  assert.equal(checkOtp(secret, totp(secret, now - 90_000), now), false);
});
