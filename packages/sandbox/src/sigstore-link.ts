import * as jose from 'jose';
import { startSigstore, verifyProvenanceAttachment, type LocalSigstore } from './sigstore/index.js';
import type { Issuer } from './issuer.js';

/** The seam between the gateway and the sandbox's Sigstore part (`./sigstore/`). */
export type ProvenanceVerdict =
  | { ok: true; attestation: { predicateType: string; bundle: unknown } }
  | { ok: false; status: number; message: string };

/** Starts the local Fulcio, Rekor and TSA; Fulcio only certifies ID tokens the sandbox's issuer signed. */
export function startSigstoreServers(dir: string, issuer: Issuer): Promise<LocalSigstore> {
  return startSigstore({
    dir,
    verifyToken: async (jwt) => {
      await jose.jwtVerify(jwt, issuer.jwks, { algorithms: ['RS256'] });
    },
  });
}

/** Verifies a `.sigstore` attachment against the tarball and manifest published with it. */
export function verifyAttachment(
  bundleJson: string,
  tarball: Buffer,
  manifest: Record<string, unknown>,
  trustedRootPath: string,
): Promise<ProvenanceVerdict> {
  return verifyProvenanceAttachment(bundleJson, {
    tarball,
    manifest: manifest as { name: string; version: string; repository?: unknown },
    trustedRoot: trustedRootPath,
  });
}
