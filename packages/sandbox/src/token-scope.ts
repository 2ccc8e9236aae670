import type http from 'node:http';
import { bearerOf, sendJson } from './http-util.js';
import { decodeNameSegment, packageFromPath } from './package-path.js';
import type { SandboxCore } from './sandbox-core.js';

const DIST_TAG = /^\/-\/package\/([^/]+)\/dist-tags(?:\/[^/]+)?$/;

/**
 * Exchanged tokens are Verdaccio tokens of one shared OIDC user; this is what narrows each to npmjs's
 * scope: publishing its own package (and, when enabled, that package's dist-tags), reading anything.
 * An expired token is revoked in Verdaccio first, so the answer is Verdaccio's own refusal.
 * Returns true when it answered the request.
 */
export async function refuseOutOfScope(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
): Promise<boolean> {
  const token = bearerOf(req);
  const record = token === undefined ? undefined : core.exchanged.get(token);
  if (!record) return false;
  if (Date.now() >= record.expiresAt) await core.expire(record);
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return false;
  const pkg = packageFromPath(path);
  if (method === 'PUT' && pkg?.rest.length === 0 && pkg.name === record.packageName) return false;
  const tag = DIST_TAG.exec(path);
  if (tag && decodeNameSegment(tag[1] ?? '') === record.packageName) {
    if (core.settings.exchangedTokensForDistTags) return false;
    sendJson(res, 403, {
      error: `OIDC tokens cannot change dist-tags on this registry (package ${record.packageName})`,
    });
    return true;
  }
  const target = pkg?.name ?? (tag ? decodeNameSegment(tag[1] ?? '') : undefined) ?? path;
  sendJson(res, 403, {
    error: `This OIDC token may only publish ${record.packageName}; it cannot change ${target}`,
  });
  return true;
}
