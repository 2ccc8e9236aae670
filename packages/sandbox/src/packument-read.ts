import type http from 'node:http';
import { parseJson } from './http-util.js';
import { escapeName } from './package-path.js';
import type { SandboxCore } from './sandbox-core.js';

const PASSED_HEADERS = ['content-type', 'etag', 'last-modified', 'cache-control'];

/**
 * Reads of restricted or attested packages. npmjs answers an unauthorised read of a restricted package
 * with 404 (it does not reveal that the package exists), where Verdaccio says 401/403; and npmjs adds
 * `dist.attestations` to every version that carries provenance (protocol §6.5).
 */
export async function handlePackumentRead(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  name: string,
  rest: string[],
): Promise<void> {
  const headers: http.OutgoingHttpHeaders = { ...req.headers };
  delete headers.host;
  delete headers['accept-encoding'];
  delete headers['if-none-match'];
  delete headers['if-modified-since'];
  const answer = await core.passThrough(req.method ?? 'GET', req.url ?? '/', headers);
  if ((answer.status === 401 || answer.status === 403) && core.isRestricted(name)) {
    const body = JSON.stringify({ error: 'Not found' });
    res.writeHead(404, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    return void res.end(req.method === 'HEAD' ? undefined : body);
  }
  let body = answer.body;
  if (answer.status === 200 && rest.length === 0 && core.hasAttestations(name)) {
    const doc = parseJson(body) as
      { versions?: Record<string, { dist?: Record<string, unknown> }> } | undefined;
    for (const [version, manifest] of Object.entries(doc?.versions ?? {})) {
      const attestation = core.attestations.get(`${name}@${version}`);
      if (!attestation || !manifest.dist) continue;
      manifest.dist.attestations = {
        url: new URL(`-/npm/v1/attestations/${escapeName(name)}@${version}`, core.registry).href,
        provenance: { predicateType: attestation.predicateType },
      };
    }
    if (doc) body = Buffer.from(JSON.stringify(doc));
  }
  const out: http.OutgoingHttpHeaders = { 'content-length': body.length };
  for (const h of PASSED_HEADERS) if (answer.headers[h] !== undefined) out[h] = answer.headers[h];
  res.writeHead(answer.status, out);
  res.end(req.method === 'HEAD' ? undefined : body);
}
