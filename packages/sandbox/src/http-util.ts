import http from 'node:http';

/** Writes a JSON answer with the given status and extra headers. */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Reads a request body completely (publish bodies are a few MB at most). */
export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface LoopbackAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Connections of the gateway's calls into its own Verdaccio, kept open: a new one per call would cost the
 * registry a connect and an accept (both in this process) on every exchange. One agent per port, so a
 * stopped server's idle sockets can be dropped (closeLoopbackAgent) without touching another server's:
 * the client end of a socket learns of the server's close only later, and a server started again on
 * the same port would otherwise get its first call on that dead socket ("socket hang up").
 */
const loopbackAgents = new Map<number, http.Agent>();
const FREE_SOCKET_TIMEOUT_MS = 4000;

function loopbackAgent(port: number): http.Agent {
  let agent = loopbackAgents.get(port);
  if (!agent) {
    // Idle sockets are dropped after 4 s, before the server's 5 s keep-alive timeout closes them: a call
    // sent on a socket the server is closing at that moment fails with a reset.
    agent = new http.Agent({ keepAlive: true, maxSockets: 8, timeout: FREE_SOCKET_TIMEOUT_MS });
    loopbackAgents.set(port, agent);
  }
  return agent;
}

/** Drops the kept-open connections to a loopback server that is stopping. */
export function closeLoopbackAgent(port: number): void {
  loopbackAgents.get(port)?.destroy();
  loopbackAgents.delete(port);
}

/**
 * One HTTP request to a loopback server; used for the gateway's calls into its own Verdaccio. A call
 * that fails with a reset on a kept-open socket is sent once more on a new one: the server closed that
 * socket as the call went out, so it never read the call (Node's documented case for a retry).
 */
export async function loopbackRequest(
  port: number,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  body?: Buffer | string,
): Promise<LoopbackAnswer> {
  try {
    return await sendOnce(port, method, path, headers, body, loopbackAgent(port));
  } catch (error) {
    if (!(error instanceof ResetOnReusedSocket)) throw error;
    return sendOnce(port, method, path, headers, body, undefined);
  }
}

class ResetOnReusedSocket extends Error {}

function sendOnce(
  port: number,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  body: Buffer | string | undefined,
  agent: http.Agent | undefined,
): Promise<LoopbackAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers, agent: agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      reject(req.reusedSocket && reset ? new ResetOnReusedSocket(error.message) : error);
    });
    req.end(body);
  });
}

/** Parses a JSON body, or undefined when it is not JSON. */
export function parseJson(body: Buffer | string): unknown {
  try {
    return JSON.parse(body.toString()) as unknown;
  } catch {
    return undefined;
  }
}

/** The bearer token of a request, if it carries one. */
export function bearerOf(req: http.IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
