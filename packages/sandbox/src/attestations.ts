import type http from 'node:http';
import { sendJson } from './http-util.js';
import type { SandboxCore } from './sandbox-core.js';

/**
 * `GET /-/npm/v1/attestations/<name>@<version>` → `{attestations: [{predicateType, bundle}]}`, the shape
 * npm's `audit signatures` and trustpub's verifier read. Only provenance: the sandbox signs no npm
 * publish attestation.
 */
export function handleAttestations(
  core: SandboxCore,
  res: http.ServerResponse,
  spec: string,
): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(spec);
  } catch {
    return sendJson(res, 404, { error: 'Not found' });
  }
  const at = decoded.lastIndexOf('@');
  const attestation =
    at > 0 ? core.attestations.get(`${decoded.slice(0, at)}@${decoded.slice(at + 1)}`) : undefined;
  if (!attestation) return sendJson(res, 404, { error: 'Not found' });
  sendJson(res, 200, { attestations: [attestation] });
}
