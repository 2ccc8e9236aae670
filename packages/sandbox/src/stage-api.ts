import { createHash, randomUUID } from 'node:crypto';
import type http from 'node:http';
import { bearerOf, parseJson, readBody, sendJson } from './http-util.js';
import { decodeNameSegment, escapeName } from './package-path.js';
import { cannotPublishOver, PROVIDER_ACTOR, trustedPublisherUser } from './publish.js';
import { refuseWithoutPermission } from './publish-permission.js';
import type { SandboxCore } from './sandbox-core.js';
import { takeProvenance } from './sigstore-link.js';
import { publishedVersions, stageItem, stageQueue, type StagedVersion } from './stage-store.js';
import { maintainerOf } from './user-gate.js';

/** Every route of the stage API: `/-/stage`, `/-/stage/package/<name>`, `/-/stage/<id>[/approve|/tarball]`. */
export const STAGE_ROUTE = /^\/-\/stage(?:\/.*)?$/;
const STAGE_PACKAGE = /^\/-\/stage\/package\/([^/]+)$/;
const STAGE_ID = /^\/-\/stage\/([0-9a-f-]{36})(?:\/(approve|tarball))?$/i;

/**
 * npm's staged publishing (npm 11.15+): `npm stage publish` POSTs the publish body to
 * `/-/stage/package/<name>` and gets `{stageId}`; no 2FA. The version then waits, out of the packument,
 * until a maintainer approves it (`POST /-/stage/<id>/approve`, with 2FA) or rejects it
 * (`DELETE /-/stage/<id>`, with 2FA). `GET /-/stage?package=&page=&perPage=` lists the queue as
 * `{items, total}`, `GET /-/stage/<id>` shows one entry, `GET /-/stage/<id>/tarball` its tarball.
 */
export async function handleStage(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  const path = url.pathname;
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = STAGE_PACKAGE.exec(path)))
    return stagePublish(core, req, res, m[1] ?? '', raw);
  if (method === 'GET' && path === '/-/stage') {
    if (!maintainerOf(core, req, res, { change: false })) return;
    const only = url.searchParams.get('package');
    const all = [...stageQueue(core).values()].filter((s) => !only || s.packageName === only);
    const perPage = Math.max(1, Number(url.searchParams.get('perPage') ?? 100) || 100);
    const page = Math.max(0, Number(url.searchParams.get('page') ?? 0) || 0);
    const items = all.slice(page * perPage, (page + 1) * perPage).map(stageItem);
    return sendJson(res, 200, { items, total: all.length });
  }
  if ((m = STAGE_ID.exec(path))) {
    const id = (m[1] ?? '').toLowerCase();
    const action = m[2];
    const change = method !== 'GET';
    if (!maintainerOf(core, req, res, { change })) return;
    const staged = stageQueue(core).get(id);
    if (!staged) return sendJson(res, 404, { error: `Staged package ${id} not found` });
    if (method === 'GET' && !action) return sendJson(res, 200, stageItem(staged));
    if (method === 'GET' && action === 'tarball') {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': staged.tarball.length,
      });
      return void res.end(staged.tarball);
    }
    if (method === 'POST' && action === 'approve') return approve(core, res, staged);
    if (method === 'DELETE' && !action) {
      stageQueue(core).delete(id);
      res.writeHead(204);
      return void res.end();
    }
  }
  sendJson(res, 405, { error: `${method} ${path} is not supported` });
}

interface PublishBody {
  name?: unknown;
  access?: unknown;
  'dist-tags'?: Record<string, unknown>;
  versions?: Record<string, Record<string, unknown>>;
  _attachments?: Record<string, { data?: unknown }>;
}

async function stagePublish(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  segment: string,
  raw: Buffer,
): Promise<void> {
  const name = decodeNameSegment(segment);
  const token = bearerOf(req);
  const record = token === undefined ? undefined : core.exchanged.get(token);
  const user = token === undefined ? undefined : core.userTokens.get(token);
  if (!token || (!record && !user))
    return sendJson(
      res,
      401,
      { error: 'Authentication required' },
      { 'www-authenticate': 'Bearer realm="npm"' },
    );
  if (record) {
    if (Date.now() >= record.expiresAt) {
      await core.expire(record);
      return sendJson(res, 401, { error: 'Invalid or expired token' });
    }
    if (record.packageName !== name)
      return sendJson(res, 403, {
        error: `This OIDC token may only publish ${record.packageName}`,
      });
    if (refuseWithoutPermission(core, req, res, 'createStagedPackage')) return;
  }
  const body = parseJson(raw) as PublishBody | undefined;
  const versions =
    body?.versions && typeof body.versions === 'object' ? Object.keys(body.versions) : [];
  const version = versions[0] ?? '';
  const tgz = body?._attachments?.[`${name}-${version}.tgz`]?.data;
  if (!name || !body || body.name !== name || versions.length !== 1 || typeof tgz !== 'string')
    return sendJson(res, 400, {
      error: 'The body must be a publish document with one version and its tarball',
    });
  if (!core.packageExists(name)) return sendJson(res, 404, { error: `Package ${name} not found` });
  const taken =
    publishedVersions(core, name).includes(version) ||
    [...stageQueue(core).values()].some((s) => s.packageName === name && s.version === version);
  if (taken) return sendJson(res, 403, cannotPublishOver(version));
  const tarball = Buffer.from(tgz, 'base64');
  const manifest = body.versions?.[version] ?? {};
  const provenance = await takeProvenance(
    body._attachments ?? {},
    name,
    version,
    manifest,
    core.trustedRootPath,
  );
  if (!provenance.ok)
    return sendJson(res, provenance.status, { success: false, error: provenance.message });
  const { attestation } = provenance;
  if (record) manifest._npmUser = trustedPublisherUser(record);
  const tag = Object.keys(body['dist-tags'] ?? {})[0] ?? 'latest';
  const staged: StagedVersion = {
    id: randomUUID(),
    packageName: name,
    version,
    tag,
    createdAt: new Date().toISOString(),
    actor: record ? PROVIDER_ACTOR[record.provider] : 'sandbox-user',
    actorType: record ? 'trusted_publisher' : 'user',
    shasum: createHash('sha1').update(tarball).digest('hex'),
    body: Buffer.from(JSON.stringify(body)),
    tarball,
    ...(attestation ? { attestation } : {}),
    restricted: body.access === 'restricted',
  };
  stageQueue(core).set(staged.id, staged);
  sendJson(res, 201, { stageId: staged.id });
}

/** Publishes the staged body as it was sent (by the registry itself), then drops it from the queue. */
async function approve(
  core: SandboxCore,
  res: http.ServerResponse,
  staged: StagedVersion,
): Promise<void> {
  const answer = await core.internal(
    'PUT',
    `/${escapeName(staged.packageName)}`,
    { 'content-type': 'application/json', 'content-length': staged.body.length },
    staged.body,
  );
  if (answer.status === 409) return sendJson(res, 403, cannotPublishOver(staged.version));
  if (answer.status !== 200 && answer.status !== 201)
    return sendJson(res, answer.status, parseJson(answer.body) ?? { error: 'publish failed' });
  stageQueue(core).delete(staged.id);
  if (staged.attestation)
    core.addAttestation(staged.packageName, staged.version, staged.attestation);
  if (staged.restricted && !core.restrictedPackages.has(staged.packageName)) {
    core.restrictedPackages.add(staged.packageName);
    core.persist();
  }
  sendJson(res, 200, { ...stageItem(staged), status: 'approved' });
}
