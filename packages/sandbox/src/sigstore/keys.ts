import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SandboxError } from '../sandbox-error.js';

/** The key pairs behind the local Sigstore: Fulcio CA, its CT log, Rekor and the timestamp authority. */
export interface SigstoreKeys {
  ca: crypto.KeyPairKeyObjectResult;
  ctlog: crypto.KeyPairKeyObjectResult;
  tlog: crypto.KeyPairKeyObjectResult;
  tsa: crypto.KeyPairKeyObjectResult;
  /** When these keys were first made; the trusted root says they are valid from then on. */
  createdAt: Date;
  /** The CA's self-signed root certificate (DER) from the first start, once `saveCaRoot` kept it. */
  caRoot?: Buffer;
}

const NAMES = ['ca', 'ctlog', 'tlog', 'tsa'] as const;
const STATE_FILE = 'sigstore-keys.json';

/**
 * Loads the keys from `dir`, or makes and saves them. Keeping them across restarts of a detached
 * sandbox means attestations stored earlier still verify against the trusted root written later.
 */
export async function loadOrCreateKeys(dir: string): Promise<SigstoreKeys> {
  const file = path.join(dir, STATE_FILE);
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text !== undefined) {
    let saved: Record<string, string> | undefined;
    try {
      saved = JSON.parse(text) as Record<string, string>;
    } catch {
      saved = undefined;
    }
    // New keys would silently make every attestation stored so far unverifiable: say so instead.
    if (
      !saved ||
      !NAMES.every((n) => typeof saved[n] === 'string') ||
      typeof saved.createdAt !== 'string'
    ) {
      throw new SandboxError(
        `${file} is corrupt: it does not hold the local Sigstore's keys`,
        `Restore it, or delete it to make new keys (provenance stored in ${dir} then no longer verifies).`,
      );
    }
    const pair = (pem: string): crypto.KeyPairKeyObjectResult => {
      const privateKey = crypto.createPrivateKey(pem);
      return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
    };
    return {
      ca: pair(saved.ca as string),
      ctlog: pair(saved.ctlog as string),
      tlog: pair(saved.tlog as string),
      tsa: pair(saved.tsa as string),
      createdAt: new Date(saved.createdAt),
      ...(typeof saved.caRoot === 'string' ? { caRoot: Buffer.from(saved.caRoot, 'base64') } : {}),
    };
  }
  const make = () => crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  // A minute in the past so a certificate issued in the same second is inside the validity window.
  const keys: SigstoreKeys = {
    ca: make(),
    ctlog: make(),
    tlog: make(),
    tsa: make(),
    createdAt: new Date(Date.now() - 60_000),
  };
  const out: Record<string, string> = { createdAt: keys.createdAt.toISOString() };
  for (const n of NAMES)
    out[n] = keys[n].privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(file, JSON.stringify(out, null, 2), { mode: 0o600 });
  return keys;
}

/**
 * Keeps the CA root certificate next to the keys. `@sigstore/mock` makes a new self-signed root on
 * every start, valid from that moment; a leaf issued before a restart was then outside the new root's
 * validity when checked at its signing time ("Failed to verify certificate chain"), so bundles stored
 * earlier stopped verifying. Reusing the first root (same key and name) keeps them verifiable.
 */
export async function saveCaRoot(dir: string, der: Buffer): Promise<void> {
  const file = path.join(dir, STATE_FILE);
  const saved = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>;
  saved.caRoot = der.toString('base64');
  await fs.writeFile(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
}
