import { X509Certificate } from '@sigstore/core';

const PREFIX = '1.3.6.1.4.1.57264.1.';

/** The Fulcio extensions a registry reads, by name (OIDs under 1.3.6.1.4.1.57264.1). */
export interface FulcioExtensions {
  issuer?: string;
  buildSignerUri?: string;
  runnerEnvironment?: string;
  sourceRepositoryUri?: string;
  sourceRepositoryDigest?: string;
  sourceRepositoryRef?: string;
  buildConfigUri?: string;
  sourceRepositoryVisibility?: string;
  san?: string;
}

const NAMES: Record<number, keyof FulcioExtensions> = {
  8: 'issuer',
  9: 'buildSignerUri',
  11: 'runnerEnvironment',
  12: 'sourceRepositoryUri',
  13: 'sourceRepositoryDigest',
  14: 'sourceRepositoryRef',
  18: 'buildConfigUri',
  22: 'sourceRepositoryVisibility',
};

/** Decodes a DER UTF8String (tag 0x0c), the encoding of every extension from .1.8 on. */
function utf8String(der: Buffer): string {
  if (der[0] !== 0x0c) return der.toString('utf8');
  let len = der[1] ?? 0;
  let offset = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | (der[2 + i] ?? 0);
    offset = 2 + n;
  }
  return der.subarray(offset, offset + len).toString('utf8');
}

/** Reads the signing certificate's identity: SAN and the Fulcio extensions above. */
export function readFulcioExtensions(certDer: Buffer<ArrayBuffer>): FulcioExtensions {
  const cert = X509Certificate.parse(certDer);
  const out: FulcioExtensions = {};
  const san = cert.subjectAltName;
  if (san) out.san = san;
  for (const [n, name] of Object.entries(NAMES)) {
    const ext = cert.extension(`${PREFIX}${n}`);
    if (ext) out[name] = utf8String(ext.value);
  }
  return out;
}
