import type http from 'node:http';
import { bearerOf, sendJson } from './http-util.js';
import { decodeNameSegment } from './package-path.js';
import type { SandboxCore } from './sandbox-core.js';

/**
 * `GET /-/package/<name>/visibility` → `{public: boolean}` (libnpmaccess `getVisibility`, which npm calls
 * before auto-enabling provenance). Unknown packages are 404; restricted ones are 404 without a token.
 */
export function handleVisibility(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  segment: string,
): void {
  const name = decodeNameSegment(segment);
  if (!name || !core.packageExists(name)) return sendJson(res, 404, { error: 'Not found' });
  const restricted = core.isRestricted(name);
  if (restricted && !bearerOf(req)) return sendJson(res, 404, { error: 'Not found' });
  sendJson(res, 200, { public: !restricted });
}
