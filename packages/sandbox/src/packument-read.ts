import type http from 'node:http';
import { parseJson, type LoopbackAnswer } from './http-util.js';
import { escapeName } from './package-path.js';
import type { SandboxCore } from './sandbox-core.js';

const PASSED_HEADERS = ['content-type', 'etag', 'last-modified', 'cache-control'];

/**
 * Reads of restricted or attested packages. npmjs answers an unauthorised read of a restricted package
 * with 404 (it does not reveal that the package exists), where Verdaccio says 401/403; and npmjs adds
 * `dist.attestations` to every version that carries provenance (docs/protocol.md, reading packuments).
 */
export async function handlePackumentRead(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  name: string,
  rest: string[],
): Promise<void> {
  sendAnswer(req, res, await readPackument(core, req, name, rest));
}

/** What a packument read answers, as npmjs would: the status, the headers to pass on, the body. */
export async function readPackument(
  core: SandboxCore,
  req: http.IncomingMessage,
  name: string,
  rest: string[],
): Promise<LoopbackAnswer> {
  const headers: http.OutgoingHttpHeaders = { ...req.headers };
  delete headers.host;
  delete headers['accept-encoding'];
  delete headers['if-none-match'];
  delete headers['if-modified-since'];
  const answer = await core.passThrough('GET', req.url ?? '/', headers);
  if ((answer.status === 401 || answer.status === 403) && core.isRestricted(name)) {
    return {
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ error: 'Not found' })),
    };
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
  const out: http.IncomingHttpHeaders = {};
  for (const h of PASSED_HEADERS) if (answer.headers[h] !== undefined) out[h] = answer.headers[h];
  return { status: answer.status, headers: out, body };
}

/** Writes an answer (no body for HEAD), with any extra headers. */
export function sendAnswer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  answer: LoopbackAnswer,
  extra: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(answer.status, {
    ...answer.headers,
    ...extra,
    'content-length': answer.body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}
