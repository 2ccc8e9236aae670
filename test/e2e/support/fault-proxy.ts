// A fault-injecting HTTP proxy for the e2e suites: a real server on 127.0.0.1 in front of the sandbox's
// registry (or its ID-token issuer) that passes every request through unchanged unless a rule matches it,
// and then breaks the exchange the way networks and registries break: a connection reset before or after
// the registry acted, an error status before or after it acted, 429 with Retry-After, an answer that
// never comes, a body cut short, a body that is not JSON. Nothing in trustpub knows it is there.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a request is for, from its method and path (the registry's routes, plus the issuer's). */
export type RequestKind =
  | 'exchange'
  | 'put'
  | 'packument'
  | 'visibility'
  | 'attestations'
  | 'tarball'
  | 'dist-tag'
  | 'trust'
  | 'id-token'
  | 'other';

/** How a matched request is answered. */
export interface Fault {
  /** Send the request on to the registry first, so it acts on it, and break only the answer. */
  forward?: boolean;
  /**
   * `reset`: close the connection without an answer; `hang`: never answer (until the proxy stops);
   * `truncate`: the upstream status and headers but only half the body, then close; or this answer.
   */
  answer:
    | 'reset'
    | 'hang'
    | 'truncate'
    | { status: number; body?: string; headers?: Record<string, string> };
}

export interface FaultRule {
  kind: RequestKind;
  /** Only requests about this package (decoded name); any package when absent. */
  packageName?: string;
  /** How many matching requests get the fault (default 1); `Infinity` for all. */
  times?: number;
  fault: Fault;
}

/** One request the proxy saw, and what it did with it. */
export interface ProxiedRequest {
  kind: RequestKind;
  method: string;
  path: string;
  packageName?: string;
  /** The fault applied, when one was (`'reset-before'`, `'502-after'`, ...). */
  fault?: string;
  /** The status the client got (undefined when it got none). */
  status?: number;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT/` with the upstream's path. */
  url: string;
  add(rule: FaultRule): void;
  clear(): void;
  /** Everything seen so far, in arrival order. */
  log(): ProxiedRequest[];
  /** Called for each request as it arrives, before any fault (a test may kill a process here). */
  onRequest?: ((req: ProxiedRequest) => void) | undefined;
  stop(): Promise<void>;
}

/** The common faults, by name. */
export const faults = {
  resetBefore: (): Fault => ({ answer: 'reset' }),
  resetAfter: (): Fault => ({ forward: true, answer: 'reset' }),
  statusBefore: (status: number, body = '{"error":"Bad Gateway"}'): Fault => ({
    answer: { status, body, headers: { 'content-type': 'application/json' } },
  }),
  statusAfter: (status: number, body = '{"error":"Gateway Timeout"}'): Fault => ({
    forward: true,
    answer: { status, body, headers: { 'content-type': 'application/json' } },
  }),
  tooManyRequests: (retryAfterSeconds: number): Fault => ({
    answer: {
      status: 429,
      body: '{"error":"Too Many Requests"}',
      headers: { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) },
    },
  }),
  hang: (): Fault => ({ answer: 'hang' }),
  truncated: (): Fault => ({ forward: true, answer: 'truncate' }),
  nonJson: (status = 200): Fault => ({
    answer: {
      status,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
      headers: { 'content-type': 'text/html' },
    },
  }),
  /** An answer with this exact body (hostile registry text). */
  answer: (status: number, body: string, forward = false): Fault => ({
    forward,
    answer: { status, body, headers: { 'content-type': 'application/json' } },
  }),
};

/** The kind and package of a request to the registry or the issuer. */
export function classify(
  method: string,
  rawPath: string,
): { kind: RequestKind; packageName?: string } {
  const path = rawPath.split('?')[0] ?? '';
  const decode = (s: string): string => decodeURIComponent(s);
  let m: RegExpExecArray | null;
  if ((m = /^\/-\/npm\/v1\/oidc\/token\/exchange\/package\/([^/]+)$/.exec(path)))
    return { kind: 'exchange', packageName: decode(m[1] ?? '') };
  if ((m = /^\/-\/package\/([^/]+)\/visibility$/.exec(path)))
    return { kind: 'visibility', packageName: decode(m[1] ?? '') };
  if ((m = /^\/-\/package\/([^/]+)\/dist-tags(?:\/.*)?$/.exec(path)))
    return { kind: 'dist-tag', packageName: decode(m[1] ?? '') };
  if ((m = /^\/-\/package\/([^/]+)\/trust(?:\/.*)?$/.exec(path)))
    return { kind: 'trust', packageName: decode(m[1] ?? '') };
  if ((m = /^\/-\/npm\/v1\/attestations\/(.+)@[^@/]+$/.exec(path)))
    return { kind: 'attestations', packageName: decode(m[1] ?? '') };
  if (/^\/gha\/token|^\/circleci|^\/oidc/.test(path)) return { kind: 'id-token' };
  if (path.startsWith('/-/')) return { kind: 'other' };
  const segments = path.slice(1).split('/');
  const first = decode(segments[0] ?? '');
  const scoped = first.startsWith('@');
  const name = scoped && !first.includes('/') ? `${first}/${decode(segments[1] ?? '')}` : first;
  const rest = segments.slice(scoped && !first.includes('/') ? 2 : 1);
  if (!name) return { kind: 'other' };
  if (rest[0] === '-' && rest.length > 1) return { kind: 'tarball', packageName: name };
  if (rest.length === 0 && method === 'PUT') return { kind: 'put', packageName: name };
  if (rest.length === 0 && (method === 'GET' || method === 'HEAD'))
    return { kind: 'packument', packageName: name };
  return { kind: 'other', packageName: name };
}

/** Starts a proxy on 127.0.0.1 forwarding to `target` (an http:// URL; its path is kept in `url`). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: (FaultRule & { left: number })[] = [];
  const seen: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const agent = new http.Agent({ keepAlive: true });

  const proxy: FaultProxy = {
    url: '',
    add: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    clear: () => void rules.splice(0),
    log: () => [...seen],
    stop: async () => {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const { kind, packageName } = classify(method, req.url ?? '/');
    const entry: ProxiedRequest = {
      kind,
      method,
      path: (req.url ?? '/').split('?')[0] ?? '/',
      at: Date.now(),
      ...(packageName ? { packageName } : {}),
    };
    seen.push(entry);
    proxy.onRequest?.(entry);
    const rule = rules.find(
      (r) => r.left > 0 && r.kind === kind && (!r.packageName || r.packageName === packageName),
    );
    if (rule) rule.left--;
    const fault = rule?.fault;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const name = fault ? faultName(fault) : undefined;
      if (name) entry.fault = name;
      if (fault && !fault.forward) return breakAnswer(fault, res, entry);
      forward(req, body)
        .then((up) => {
          if (fault) return breakAnswer(fault, res, entry, up);
          entry.status = up.status;
          res.writeHead(up.status, up.headers);
          res.end(up.body);
        })
        .catch(() => {
          // The registry is down (a restart): the client sees what it would see, a dropped connection.
          res.socket?.destroy();
        });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 5000;

  function forward(
    req: http.IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers };
      delete headers.connection;
      const up = http.request(
        {
          agent,
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...headers, 'content-length': String(body.length) },
        },
        (r) => {
          const parts: Buffer[] = [];
          r.on('data', (c: Buffer) => parts.push(c));
          r.on('end', () => {
            const h = { ...r.headers };
            delete h['transfer-encoding'];
            delete h.connection;
            delete h['keep-alive'];
            const all = Buffer.concat(parts);
            resolve({
              status: r.statusCode ?? 502,
              headers: { ...h, 'content-length': String(all.length) },
              body: all,
            });
          });
          r.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  proxy.url = `http://127.0.0.1:${port}${upstream.pathname}`;
  return proxy;
}

function faultName(fault: Fault): string {
  const when = fault.forward ? 'after' : 'before';
  const what = typeof fault.answer === 'string' ? fault.answer : String(fault.answer.status);
  return `${what}-${when}`;
}

function breakAnswer(
  fault: Fault,
  res: http.ServerResponse,
  entry: ProxiedRequest,
  up?: { status: number; headers: http.IncomingHttpHeaders; body: Buffer },
): void {
  const answer = fault.answer;
  if (answer === 'reset') {
    res.socket?.resetAndDestroy();
    return;
  }
  if (answer === 'hang') return;
  if (answer === 'truncate') {
    const full = up?.body ?? Buffer.from('{"error":"cut"}');
    entry.status = up?.status ?? 200;
    res.writeHead(entry.status, { ...(up?.headers ?? {}), 'content-length': String(full.length) });
    res.write(full.subarray(0, Math.floor(full.length / 2)));
    // Flush the half, then drop the connection mid-body.
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  entry.status = answer.status;
  const body = answer.body ?? '';
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
