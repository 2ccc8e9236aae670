import type http from 'node:http';
import { handleAdmin } from './admin-api.js';
import { handleAttestations } from './attestations.js';
import { CdnCache } from './cdn-cache.js';
import { handleExchange } from './exchange.js';
import { sendJson, sleep } from './http-util.js';
import { packageFromPath } from './package-path.js';
import { handlePackumentRead } from './packument-read.js';
import { handlePublish } from './publish.js';
import type { SandboxCore } from './sandbox-core.js';
import { ACCESS_ROUTE, handleAccess, refuseTokenPublish } from './access-api.js';
import { refuseWithoutPermission } from './publish-permission.js';
import { handleStage, STAGE_ROUTE } from './stage-api.js';
import { refuseOutOfScope } from './token-scope.js';
import { handleTrust } from './trust-api.js';
import type { RequestListener } from './verdaccio-server.js';
import { handleVisibility } from './visibility.js';
import type { AdminOps } from './admin-api.js';
import { approveWebAuth, pollWebAuth } from './web-auth.js';

const EXCHANGE = /^\/-\/npm\/v1\/oidc\/token\/exchange\/package\/([^/]+)$/;
const TRUST = /^\/-\/package\/([^/]+)\/trust(?:\/([^/]+))?$/;
const VISIBILITY = /^\/-\/package\/([^/]+)\/visibility$/;
const ATTESTATIONS = /^\/-\/npm\/v1\/attestations\/(.+)$/;
const ADMIN = /^\/-\/trustpub-sandbox\/admin\/([a-z-]+)$/;
const WEB_AUTH = /^\/-\/trustpub-sandbox\/web-auth\/([0-9a-f-]+)$/;

/**
 * The gateway: the one `'request'` listener of the registry server. It answers what npmjs has and
 * Verdaccio lacks (exchange, trust API, visibility, attestations, provenance on publish, npm's re-publish
 * answer, restricted reads answered 404), limits exchanged tokens to their package, and hands everything
 * else to Verdaccio's express app. Requests carrying the internal header are the sandbox's own calls.
 */
export function createGateway(
  core: SandboxCore,
  verdaccio: RequestListener,
  admin: AdminOps,
): RequestListener {
  const [internalName, internalValue] = Object.entries(core.internalHeader)[0] ?? ['', ''];
  const cdn = new CdnCache(core);
  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const raw = req.url ?? '/';
    // Only origin-form paths with no empty segment: `//name` would otherwise be read as a host name.
    if (!raw.startsWith('/') || /\/\/|^[^?]*\/\.\.?(\/|$|\?)/.test(raw.split('?')[0] ?? '')) {
      return sendJson(res, 400, { error: 'Bad request: not a registry path' });
    }
    const url = new URL(`http://sandbox.invalid${raw}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = EXCHANGE.exec(path)))
      return handleExchange(core, req, res, m[1] ?? '');
    if ((m = TRUST.exec(path))) return handleTrust(core, req, res, m[1] ?? '', m[2]);
    if (method === 'GET' && (m = VISIBILITY.exec(path)))
      return handleVisibility(core, req, res, m[1] ?? '');
    if (method === 'GET' && (m = ATTESTATIONS.exec(path)))
      return handleAttestations(core, res, m[1] ?? '');
    if (method === 'POST' && (m = ADMIN.exec(path)))
      return handleAdmin(admin, req, res, m[1] ?? '');
    if (method === 'GET' && (m = WEB_AUTH.exec(path)))
      return approveWebAuth(core, res, m[1] ?? '', url.searchParams.has('skip-2fa'));
    if (method === 'GET' && path === '/-/v1/done') {
      return pollWebAuth(core, res, url.searchParams.get('authId') ?? '');
    }
    if (STAGE_ROUTE.test(path)) return handleStage(core, req, res, url);
    if ((m = ACCESS_ROUTE.exec(path))) return handleAccess(core, req, res, m[1] ?? '');
    if (await refuseOutOfScope(core, req, res, path)) return;
    const pkg = packageFromPath(path);
    if (pkg && method === 'PUT' && pkg.rest.length === 0) {
      if (refuseWithoutPermission(core, req, res, 'createPackage')) return;
      if (refuseTokenPublish(core, req, res, pkg.name)) return;
      return handlePublish(core, req, res, pkg.name);
    }
    if (pkg && cdn.applies(req, url, pkg.rest)) return cdn.handle(req, res, pkg.name, path);
    if (
      pkg &&
      (method === 'GET' || method === 'HEAD') &&
      (core.isRestricted(pkg.name) || core.hasAttestations(pkg.name))
    ) {
      return handlePackumentRead(core, req, res, pkg.name, pkg.rest);
    }
    verdaccio(req, res);
  };

  return (req, res) => {
    if (internalName && req.headers[internalName] === internalValue) {
      delete req.headers[internalName];
      return verdaccio(req, res);
    }
    const receivedAt = performance.timeOrigin + performance.now();
    // Read before routing: handlers may rewrite the request's headers.
    const auth = req.headers.authorization?.split(' ')[0]?.toLowerCase();
    let failure: unknown;
    res.on('finish', () => {
      if (res.statusCode >= 500 && failure === undefined) {
        core.log.failure(
          `${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''} answered ${res.statusCode} by Verdaccio (its own error line, when it wrote one, is in its output)`,
        );
      }
      const npmCommand = req.headers['npm-command'];
      core.record({
        server: 'registry',
        at: performance.timeOrigin + performance.now(),
        receivedAt,
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0] ?? '',
        status: res.statusCode,
        ...(typeof npmCommand === 'string' ? { npmCommand } : {}),
        ...(auth ? { auth } : {}),
      });
    });
    const latency = core.settings.latencyMs;
    const handle = async (): Promise<void> => {
      if (core.closing) {
        req.socket.destroy();
        return;
      }
      core.activity.track(res);
      return route(req, res);
    };
    const go = latency > 0 ? sleep(latency).then(handle) : handle();
    go.catch((error: unknown) => {
      failure = error ?? 'unknown';
      core.log.failure(
        `${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''} failed inside the sandbox`,
        error,
      );
      if (!res.headersSent) {
        sendJson(res, 500, {
          error: `internal sandbox error; the cause is in ${core.log.file}`,
        });
      } else res.destroy();
    });
  };
}
