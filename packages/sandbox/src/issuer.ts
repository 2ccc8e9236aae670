import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';
import { sendJson, sleep } from './http-util.js';
import { recordMinted } from './minted-log.js';
import type { MintOptions, RecordedRequest } from './types.js';

const KID = 'trustpub-sandbox-1';

let keys: ReturnType<typeof jose.generateKeyPair> | undefined;
/**
 * One RSA key pair per process: generating 2048-bit keys is the costliest step of start-up. Sandboxes in
 * one process still refuse each other's tokens, because each has its own issuer URL (`iss`).
 */
function signingKeys(): ReturnType<typeof jose.generateKeyPair> {
  keys ??= jose.generateKeyPair('RS256', { extractable: true });
  return keys;
}

/** A job the GitHub ID-token endpoint can mint for: its request token and its claims (without aud/iat/exp). */
export interface RegisteredJob {
  requestToken: string;
  claims: Record<string, unknown>;
}

export interface Issuer {
  url: string;
  /** The verifying key set, used by the exchange in-process (no HTTP round trip to the JWKS). */
  jwks: ReturnType<typeof jose.createLocalJWKSet>;
  mint(claims: Record<string, unknown>, opts?: MintOptions): Promise<string>;
  /** Registers a GitHub job and returns its `ACTIONS_ID_TOKEN_REQUEST_URL` and request token. */
  registerGithubJob(claims: Record<string, unknown>): { requestUrl: string; requestToken: string };
  close(): Promise<void>;
}

/**
 * The sandbox's OIDC issuer: one RS256 key, discovery, JWKS and GitHub Actions' ID-token request endpoint
 * (`GET /gha/token?api-version=2.0&job=<id>&audience=<aud>`, guarded by the job's request token). Jobs are
 * registered by id, so a sandbox detached in another process serves them as well.
 */
export async function startIssuer(opts: {
  port?: number;
  latencyMs: number;
  record: (r: RecordedRequest) => void;
  /** Explains an answer the issuer could not give (the state dir's sandbox.log). */
  failure: (what: string, cause: unknown) => void;
}): Promise<Issuer> {
  const { publicKey, privateKey } = await signingKeys();
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const jwks = jose.createLocalJWKSet({ keys: [jwk] });
  const jobs = new Map<string, RegisteredJob>();
  let url = '';

  const mint = async (claims: Record<string, unknown>, o: MintOptions = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    // Epoch seconds as JWTs count; a value in milliseconds (Date.now()-style) is accepted too.
    const iat =
      o.issuedAt === undefined
        ? now
        : o.issuedAt > 1e11
          ? Math.floor(o.issuedAt / 1000)
          : o.issuedAt;
    const { aud: claimAud, iss, ...rest } = claims;
    const aud = o.aud ?? (typeof claimAud === 'string' ? claimAud : 'npm:127.0.0.1');
    const token = await new jose.SignJWT({ ...rest, iss: typeof iss === 'string' ? iss : url })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT', x5t: KID })
      .setAudience(aud)
      .setIssuedAt(iat)
      .setNotBefore(iat - 5)
      .setExpirationTime(iat + (o.ttlSeconds ?? 300))
      .setJti(crypto.randomUUID())
      .sign(privateKey);
    recordMinted('id-token', token);
    return token;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const u = new URL(req.url ?? '/', url);
    if (u.pathname === '/.well-known/openid-configuration') {
      return sendJson(res, 200, {
        issuer: url,
        jwks_uri: `${url}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
        claims_supported: [
          'sub',
          'aud',
          'exp',
          'iat',
          'iss',
          'jti',
          'nbf',
          'ref',
          'repository',
          'workflow_ref',
          'environment',
        ],
      });
    }
    if (u.pathname === '/.well-known/jwks') return sendJson(res, 200, { keys: [jwk] });
    if (u.pathname === '/gha/token' && req.method === 'GET') {
      const job = jobs.get(u.searchParams.get('job') ?? '');
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!job || !bearer || bearer !== job.requestToken) {
        return sendJson(res, 401, {
          message: 'Unauthorized: the request token does not belong to a running job',
        });
      }
      const owner =
        typeof job.claims.repository_owner === 'string' ? job.claims.repository_owner : '';
      const aud = u.searchParams.get('audience') || `https://github.com/${owner}`;
      return sendJson(res, 200, { count: 1, value: await mint(job.claims, { aud }) });
    }
    if (u.pathname === '/circleci/token' && req.method === 'POST') return refreshCircleci(req, res);
    sendJson(res, 404, { message: 'Not found' });
  };

  /** `circleci run oidc get`: a fresh token with the job's claims, for the job's CIRCLE_OIDC_TOKEN_V2. */
  const refreshCircleci = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    let job: jose.JWTPayload;
    try {
      ({ payload: job } = await jose.jwtVerify(bearer, jwks, {
        issuer: url,
        algorithms: ['RS256'],
      }));
    } catch {
      return sendJson(res, 401, {
        message: 'CIRCLE_OIDC_TOKEN_V2 is not a valid job token of this sandbox',
      });
    }
    if (typeof job['oidc.circleci.com/org-id'] !== 'string')
      return sendJson(res, 401, { message: 'not a CircleCI job token' });
    let wanted: { claims?: { aud?: unknown } } = {};
    try {
      wanted = JSON.parse(Buffer.concat(chunks).toString() || '{}') as typeof wanted;
    } catch {
      return sendJson(res, 400, { message: 'body must be JSON' });
    }
    const claims: Record<string, unknown> = { ...job };
    for (const key of ['iss', 'aud', 'iat', 'exp', 'nbf', 'jti']) delete claims[key];
    const want = wanted.claims?.aud;
    const audience =
      typeof want === 'string'
        ? want
        : typeof job.aud === 'string'
          ? job.aud
          : job['oidc.circleci.com/org-id'];
    return sendJson(res, 200, { value: await mint(claims, { aud: audience, ttlSeconds: 3600 }) });
  };

  const server = http.createServer((req, res) => {
    const receivedAt = performance.timeOrigin + performance.now();
    res.on('finish', () => {
      const [path = '', query = ''] = (req.url ?? '').split('?');
      // The audience a client asked the GitHub endpoint for: which registry it meant the token for.
      const audience = path === '/gha/token' ? new URLSearchParams(query).get('audience') : null;
      opts.record({
        server: 'issuer',
        at: performance.timeOrigin + performance.now(),
        receivedAt,
        method: req.method ?? '',
        path,
        status: res.statusCode,
        ...(audience ? { audience } : {}),
      });
    });
    const go =
      opts.latencyMs > 0 ? sleep(opts.latencyMs).then(() => handle(req, res)) : handle(req, res);
    go.catch((error: unknown) => {
      opts.failure(
        `issuer: ${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''} failed`,
        error,
      );
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal issuer error' });
      else res.destroy();
    });
  });
  // Node's own default, stated because it matters: undici keeps a connection only if the advertised
  // keep-alive timeout exceeds its 2 s safety margin. A shorter one makes every client reconnect for each
  // request, which npmjs never makes them do and which would distort every benchmark.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    jwks,
    mint,
    registerGithubJob(claims) {
      const id = crypto.randomUUID();
      const requestToken = `ghrt_${crypto.randomBytes(24).toString('hex')}`;
      recordMinted('request-token', requestToken);
      jobs.set(id, { requestToken, claims });
      return { requestUrl: `${url}/gha/token?api-version=2.0&job=${id}`, requestToken };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
