import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
// Deep imports on purpose: the package index loads nock, which patches node's http client globally.
import { initializeCA, type CA } from '@sigstore/mock/dist/fulcio/ca.js';
import { initializeCTLog } from '@sigstore/mock/dist/fulcio/ctlog.js';
import { initializeTLog } from '@sigstore/mock/dist/rekor/tlog.js';
import { initializeTSA } from '@sigstore/mock/dist/timestamp/tsa.js';
import { tsaHandler } from '@sigstore/mock/dist/timestamp/handler.js';
import { fulcioSigningCert, type FulcioOptions } from './fulcio.js';
import { loadOrCreateKeys, saveCaRoot } from './keys.js';
import type { Reply } from './reply.js';
import { createRekor, type TLog } from './rekor.js';
import { buildTrustedRoot } from './trusted-root.js';

export interface StartSigstoreOptions {
  /** State directory: the keys and `trusted-root.json` live here. */
  dir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Verifies identity-token signatures before Fulcio issues a certificate (decode-only without it). */
  verifyToken?: FulcioOptions['verifyToken'];
}

export interface LocalSigstore {
  /** Base URL of the one server that hosts Fulcio, Rekor and the TSA. */
  url: string;
  fulcioUrl: string;
  rekorUrl: string;
  tsaUrl: string;
  /** The trusted-root JSON file for `TRUSTPUB_TRUSTED_ROOT` and `@sigstore/verify`. */
  trustedRootPath: string;
  stop(): Promise<void>;
}

export const TRUSTED_ROOT_FILE = 'trusted-root.json';

/**
 * Starts Fulcio (`POST /api/v2/signingCert`), Rekor v1 (`POST /api/v1/log/entries`,
 * `GET /api/v1/log/entries/<uuid>`, `GET /api/v1/log/entries?logIndex=N`) and a timestamp authority
 * (`POST /api/v1/timestamp`) on one loopback port, and writes the trusted root into `dir`.
 */
export async function startSigstore(options: StartSigstoreOptions): Promise<LocalSigstore> {
  const keys = await loadOrCreateKeys(options.dir);
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const [ctlog, tlog, tsa] = await Promise.all([
    initializeCTLog(keys.ctlog),
    // The checkpoint names its log by host; verifiers match that name against the trusted root's log URL.
    // Without the port, a restart on another port keeps the bundles logged earlier verifiable.
    initializeTLog('http://127.0.0.1', keys.tlog) as Promise<TLog>,
    initializeTSA(keys.tsa),
  ]);
  const mockCa = await initializeCA(keys.ca, ctlog);
  // The mock signs every leaf with keys.ca under one fixed name, so the first root stays their issuer.
  const fresh = mockCa.rootCertificate;
  const caRoot = keys.caRoot ?? Buffer.from(fresh.buffer, fresh.byteOffset, fresh.byteLength);
  if (!keys.caRoot) await saveCaRoot(options.dir, caRoot);
  const ca: CA = {
    rootCertificate: new Uint8Array(caRoot),
    issueCertificate: (request) => mockCa.issueCertificate(request),
  };
  const fulcio = fulcioSigningCert(
    ca,
    options.verifyToken ? { verifyToken: options.verifyToken } : {},
  );
  const rekor = createRekor(tlog);
  const timestamp = tsaHandler(tsa).fn;

  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const { pathname, searchParams } = new URL(req.url ?? '/', url);
      route(req.method ?? 'GET', pathname, searchParams, body).then(
        (reply) => send(res, reply),
        (e: unknown) =>
          send(res, { statusCode: 500, response: JSON.stringify({ message: String(e) }) }),
      );
    });
  });
  async function route(
    method: string,
    pathname: string,
    query: URLSearchParams,
    body: string,
  ): Promise<Reply> {
    if (method === 'POST' && pathname === '/api/v2/signingCert') return fulcio(body);
    if (method === 'POST' && pathname === '/api/v1/log/entries') return rekor.create(body);
    if (method === 'GET' && pathname === '/api/v1/log/entries' && query.has('logIndex')) {
      return rekor.getByIndex(Number(query.get('logIndex')));
    }
    if (method === 'GET' && pathname.startsWith('/api/v1/log/entries/')) {
      return rekor.get(decodeURIComponent(pathname.slice('/api/v1/log/entries/'.length)));
    }
    if (method === 'POST' && pathname === '/api/v1/timestamp') return timestamp(body);
    return {
      statusCode: 404,
      contentType: 'application/json',
      response: JSON.stringify({ code: 404, message: 'Not Found' }),
    };
  }

  const trustedRoot = buildTrustedRoot({
    url,
    caRoot: ca.rootCertificate,
    ctlogPublicKey: keys.ctlog.publicKey.export({ format: 'der', type: 'spki' }),
    tlogPublicKey: keys.tlog.publicKey.export({ format: 'der', type: 'spki' }),
    tsaChain: [tsa.intCertificate, tsa.rootCertificate],
    validFrom: keys.createdAt,
  });
  const trustedRootPath = path.join(options.dir, TRUSTED_ROOT_FILE);
  await fs.writeFile(trustedRootPath, `${JSON.stringify(trustedRoot, null, 2)}\n`);

  return {
    url,
    fulcioUrl: url,
    rekorUrl: url,
    tsaUrl: url,
    trustedRootPath,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function send(res: http.ServerResponse, reply: Reply): void {
  const r = reply.response;
  const body = typeof r === 'string' ? r : Buffer.from(r.buffer, r.byteOffset, r.byteLength);
  res.writeHead(reply.statusCode, {
    'content-type': reply.contentType ?? 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
