import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** TOTP step, as authenticator apps use it. */
export const OTP_STEP_SECONDS = 30;

/** A new random TOTP secret in base32, the form authenticator apps take. */
export function newOtpSecret(): string {
  return [...crypto.randomBytes(20)].map((b) => ALPHABET[b % 32]).join('');
}

function base32Decode(secret: string): Buffer {
  const clean = secret.toUpperCase().replace(/=+$/, '');
  let bits = '';
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return Buffer.from(secret, 'utf8'); // not base32: use the text itself as the key
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

/** The RFC 6238 one-time password (6 digits, HMAC-SHA1) for a secret at a time (ms). */
export function totp(secret: string, atMs: number = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / OTP_STEP_SECONDS)));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/** Whether a code is valid now: the current step or the one before (codes expire after at most 60 s). */
export function checkOtp(secret: string, code: string, nowMs: number = Date.now()): boolean {
  return [0, -1].some(
    (step) => totp(secret, nowMs + step * OTP_STEP_SECONDS * 1000) === code.trim(),
  );
}
