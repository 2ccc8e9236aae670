import * as jose from 'jose';
import { parseJson } from './http-util.js';
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

/**
 * Takes the `<name>-<version>.sigstore` attachment off a publish body (Verdaccio rejects a second
 * attachment and leaves a stub package behind) and verifies it against the tarball and manifest sent
 * with it, as npmjs does on publish and on stage. No attachment: `ok` with no attestation.
 */
export async function takeProvenance(
  attachments: Record<string, { data?: unknown }>,
  name: string,
  version: string,
  manifest: Record<string, unknown>,
  trustedRootPath: string,
): Promise<
  | { ok: true; attestation?: { predicateType: string; bundle: unknown } }
  | { ok: false; status: number; message: string }
> {
  const sigstoreKey = `${name}-${version}.sigstore`;
  const bundle = attachments[sigstoreKey];
  if (!bundle) return { ok: true };
  delete attachments[sigstoreKey];
  const tgz = attachments[`${name}-${version}.tgz`]?.data;
  const tarball = Buffer.from(typeof tgz === 'string' ? tgz : '', 'base64');
  const bundleJson =
    typeof bundle.data === 'string' ? bundle.data : JSON.stringify(bundle.data ?? null);
  const verdict = await verifyAttachment(bundleJson, tarball, manifest, trustedRootPath);
  if (!verdict.ok) return verdict;
  return { ok: true, attestation: toAttestation(verdict.attestation, bundleJson) };
}

/** The attestation as the attestations endpoint serves it: `{predicateType, bundle}`. */
function toAttestation(
  fromVerifier: unknown,
  bundleJson: string,
): { predicateType: string; bundle: unknown } {
  const given = fromVerifier as { predicateType?: unknown; bundle?: unknown } | undefined;
  if (typeof given?.predicateType === 'string' && given.bundle)
    return { predicateType: given.predicateType, bundle: given.bundle };
  const bundle = parseJson(bundleJson) as { dsseEnvelope?: { payload?: string } } | undefined;
  const statement = parseJson(Buffer.from(bundle?.dsseEnvelope?.payload ?? '', 'base64')) as
    { predicateType?: unknown } | undefined;
  return {
    predicateType:
      typeof statement?.predicateType === 'string'
        ? statement.predicateType
        : 'https://slsa.dev/provenance/v1',
    bundle,
  };
}
