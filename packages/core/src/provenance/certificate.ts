import { createRequire } from 'node:module';
import type * as SigstoreCore from '@sigstore/core';

/** The Fulcio identity of a signing certificate: SAN and the extensions provenance checks read. */
export interface SignerIdentity {
  san?: string;
  /** 1.3.6.1.4.1.57264.1.8 */
  issuer?: string;
  /** .1.11 `github-hosted` / `self-hosted` / `gitlab-hosted` */
  runnerEnvironment?: string;
  /** .1.12, e.g. `https://github.com/owner/repo` */
  sourceRepositoryUri?: string;
  /** .1.14 */
  sourceRepositoryRef?: string;
  /** .1.18, e.g. `https://github.com/owner/repo/.github/workflows/release.yml@refs/tags/v1` */
  buildConfigUri?: string;
  /** .1.22 */
  sourceRepositoryVisibility?: string;
}

const FIELDS: [number, keyof SignerIdentity][] = [
  [8, 'issuer'],
  [11, 'runnerEnvironment'],
  [12, 'sourceRepositoryUri'],
  [14, 'sourceRepositoryRef'],
  [18, 'buildConfigUri'],
  [22, 'sourceRepositoryVisibility'],
];

/** Fulcio encodes every extension from .1.8 on as a DER UTF8String (tag 0x0c). */
function utf8String(der: Buffer): string {
  if (der[0] !== 0x0c) return der.toString('utf8');
  let length = der[1] ?? 0;
  let offset = 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[2 + i] ?? 0);
    offset += bytes;
  }
  return der.subarray(offset, offset + length).toString('utf8');
}

/** Reads the signer identity from a bundle's leaf certificate (DER). */
export function signerIdentity(certDer: Buffer<ArrayBuffer>): SignerIdentity {
  // Required on first use (it is CommonJS, so this stays synchronous): only provenance needs it.
  const { X509Certificate } = createRequire(import.meta.url)(
    '@sigstore/core',
  ) as typeof SigstoreCore;
  const cert = X509Certificate.parse(certDer);
  const out: SignerIdentity = {};
  const san = cert.subjectAltName;
  if (san) out.san = san;
  for (const [n, field] of FIELDS) {
    const ext = cert.extension(`1.3.6.1.4.1.57264.1.${n}`);
    if (ext) out[field] = utf8String(ext.value);
  }
  return out;
}
