import type http from 'node:http';
import { bearerOf, parseJson, readBody, sendJson } from './http-util.js';
import { decodeNameSegment } from './package-path.js';
import type { SandboxCore } from './sandbox-core.js';
import { maintainerOf } from './user-gate.js';

/** A package's publishing access as `npm access set mfa=...` sets it. */
interface PublishingAccess {
  publish_requires_tfa: boolean;
  automation_token_overrides_tfa: boolean;
}

export const ACCESS_ROUTE = /^\/-\/package\/([^/]+)\/access$/;

/**
 * The text of the refusal when a package disallows tokens. npmjs's exact wording for this setting is not
 * in npm's code; this is its 2FA-required publish text.
 */
export const TOKENS_DISALLOWED =
  'Two-factor authentication or granular access token with bypass 2fa enabled is required to publish packages.';

const settings = new WeakMap<SandboxCore, Map<string, PublishingAccess>>();
const of = (core: SandboxCore): Map<string, PublishingAccess> => {
  let map = settings.get(core);
  if (!map) settings.set(core, (map = new Map<string, PublishingAccess>()));
  return map;
};

/**
 * `POST /-/package/<name>/access` with `{publish_requires_tfa, automation_token_overrides_tfa}` (what
 * `npm access set mfa=none|publish|automation` sends; user token and 2FA), and `GET` of the same path,
 * which answers the stored setting. npm has no read of this setting, so the GET is the sandbox's own:
 * trustpub treats a registry that does not answer it as "unknown".
 */
export async function handleAccess(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  segment: string,
): Promise<void> {
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  const name = decodeNameSegment(segment);
  if (method !== 'GET' && method !== 'POST')
    return sendJson(res, 405, { error: `${method} is not supported here` });
  if (!maintainerOf(core, req, res, { change: method === 'POST' })) return;
  if (!name || !core.packageExists(name)) return sendJson(res, 404, { error: 'Not found' });
  const current = of(core).get(name) ?? {
    publish_requires_tfa: false,
    automation_token_overrides_tfa: true,
  };
  if (method === 'GET') return sendJson(res, 200, current);
  const body = parseJson(raw) as Partial<PublishingAccess> | undefined;
  if (typeof body?.publish_requires_tfa !== 'boolean')
    return sendJson(res, 400, { error: 'publish_requires_tfa must be true or false' });
  of(core).set(name, {
    publish_requires_tfa: body.publish_requires_tfa,
    automation_token_overrides_tfa: body.publish_requires_tfa
      ? body.automation_token_overrides_tfa !== false
      : true,
  });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{}');
}

/**
 * "Require two-factor authentication and disallow tokens": a publish with anything but a trusted
 * publisher's exchanged token is refused. Returns true when it answered the request.
 */
export function refuseTokenPublish(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  name: string,
): boolean {
  const setting = of(core).get(name);
  if (!setting?.publish_requires_tfa || setting.automation_token_overrides_tfa) return false;
  const token = bearerOf(req);
  if (token !== undefined && core.exchanged.has(token)) return false;
  req.resume();
  sendJson(res, 403, { error: TOKENS_DISALLOWED });
  return true;
}
