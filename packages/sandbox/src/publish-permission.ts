import type http from 'node:http';
import { bearerOf, sendJson } from './http-util.js';
import type { SandboxCore } from './sandbox-core.js';

/** npmjs's answer when a trusted publisher's token is used for an action its configuration does not allow. */
export const OIDC_PERMISSION_DENIED = 'OIDC permission denied for this action';

/**
 * A trusted-publisher configuration allows `createPackage` (`npm publish`), `createStagedPackage`
 * (`npm stage publish`) or both; one stored without a list allows publishing. The exchange itself
 * succeeds either way (npmjs mints the token and refuses the upload with 403), so the check is here,
 * at the upload. Returns true when it answered the request (refused it).
 */
export function refuseWithoutPermission(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  permission: 'createPackage' | 'createStagedPackage',
): boolean {
  const token = bearerOf(req);
  const record = token === undefined ? undefined : core.exchanged.get(token);
  if (!record) return false;
  const permissions = core.trust.get(record.packageName)?.permissions ?? ['createPackage'];
  if (permissions.includes(permission)) return false;
  req.resume(); // the body is not needed; drain it so the connection stays usable
  sendJson(res, 403, { error: OIDC_PERMISSION_DENIED });
  return true;
}
