import type http from 'node:http';
import { bearerOf, parseJson, readBody, sendJson, type LoopbackAnswer } from './http-util.js';
import type { SandboxCore } from './sandbox-core.js';
import type { ExchangedToken } from './core-records.js';
import { takeProvenance } from './sigstore-link.js';

interface Attachment {
  data?: unknown;
}
interface PublishBody {
  versions?: Record<string, Record<string, unknown>>;
  _attachments?: Record<string, Attachment>;
  access?: unknown;
}

/**
 * `PUT /<name>`: takes the `<name>-<version>.sigstore` attachment off the body (Verdaccio rejects a second
 * attachment and leaves a stub package behind), verifies it, forwards the rest to Verdaccio, answers a
 * re-publish with npmjs's 403 text instead of Verdaccio's 409, and stores the attestation on success.
 */
export async function handlePublish(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  name: string,
): Promise<void> {
  const raw = await readBody(req);
  const body = parseJson(raw) as PublishBody | undefined;
  const versions =
    body?.versions && typeof body.versions === 'object' ? Object.keys(body.versions) : [];
  const attachments =
    body?._attachments && typeof body._attachments === 'object' ? body._attachments : undefined;
  if (!body || !attachments || versions.length !== 1) {
    return send(res, npmjsRefusal(core, req, await forward(core, req, raw)));
  }
  const version = versions[0] ?? '';
  const manifest = body.versions?.[version] ?? {};
  const provenance = await takeProvenance(
    attachments,
    name,
    version,
    manifest,
    core.trustedRootPath,
  );
  if (!provenance.ok)
    return sendJson(res, provenance.status, { success: false, error: provenance.message });
  const { attestation } = provenance;
  const record = core.exchanged.get(bearerOf(req) ?? '');
  if (record) manifest._npmUser = trustedPublisherUser(record);
  // The attestation is saved before the version can be stored, never after: a crash in between must not
  // leave a version that npmjs would show with provenance served without it. An attestation already
  // recorded for this version stays until the registry has accepted a new one (a re-publish is refused).
  const recordedBefore = attestation && !core.attestations.has(`${name}@${version}`);
  if (attestation && recordedBefore) core.addAttestation(name, version, attestation);
  let answer: LoopbackAnswer;
  try {
    answer = await forward(core, req, Buffer.from(JSON.stringify(body)));
  } catch (error) {
    if (recordedBefore) core.dropAttestation(name, version);
    throw error;
  }
  const stored = answer.status === 201 || answer.status === 200;
  if (attestation && !stored && recordedBefore) core.dropAttestation(name, version);
  if (answer.status === 409) {
    return sendJson(res, 403, cannotPublishOver(version));
  }
  if (stored) {
    if (attestation && !recordedBefore) core.addAttestation(name, version, attestation);
    if (body.access === 'restricted' && !core.restrictedPackages.has(name)) {
      core.restrictedPackages.add(name);
      core.persist();
    }
  }
  send(res, npmjsRefusal(core, req, answer));
}

/** npmjs's refusal of a version it already has (published, or on stage). */
export function cannotPublishOver(version: string): { error: string } {
  return { error: `You cannot publish over the previously published versions: ${version}.` };
}

/** The publisher npmjs writes into a version a trusted publisher published or staged. */
export function trustedPublisherUser(record: ExchangedToken): Record<string, unknown> {
  return {
    name: PROVIDER_ACTOR[record.provider],
    email: 'npm-oidc-no-reply@github.com',
    trustedPublisher: { id: record.provider, oidcConfigId: `oidc:${record.configId}` },
  };
}

/** The name npmjs shows as the publisher of a version a trusted publisher sent. */
export const PROVIDER_ACTOR = {
  github: 'GitHub Actions',
  gitlab: 'GitLab CI/CD',
  circleci: 'CircleCI',
} as const;

const NOT_FOUND: LoopbackAnswer = {
  status: 404,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ error: 'Not found' })),
};

/**
 * npmjs answers a publish without credentials, or with a token it does not know, `404 {"error":"Not found"}`
 * (what npm, pnpm and yarn users see after a failed exchange), where Verdaccio says 401 or 403. Tokens the
 * sandbox knows keep Verdaccio's 403: a read-only token, an exchanged token past its lifetime.
 */
function npmjsRefusal(
  core: SandboxCore,
  req: http.IncomingMessage,
  answer: LoopbackAnswer,
): LoopbackAnswer {
  if (answer.status !== 401 && answer.status !== 403) return answer;
  const token = bearerOf(req);
  if (token !== undefined && (core.readTokens.has(token) || core.exchanged.has(token)))
    return answer;
  return NOT_FOUND;
}

function send(res: http.ServerResponse, answer: LoopbackAnswer): void {
  res.writeHead(answer.status, {
    'content-type': String(answer.headers['content-type'] ?? 'application/json'),
  });
  res.end(answer.body);
}

/** Sends the (possibly changed) body to Verdaccio with the client's own headers and credentials. */
function forward(
  core: SandboxCore,
  req: http.IncomingMessage,
  body: Buffer,
): Promise<LoopbackAnswer> {
  const headers: http.OutgoingHttpHeaders = { ...req.headers, 'content-length': body.length };
  delete headers.host;
  delete headers['transfer-encoding'];
  delete headers['accept-encoding'];
  return core.passThrough(req.method ?? 'PUT', req.url ?? '/', headers, body);
}
