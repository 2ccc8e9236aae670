import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { runServer } from 'verdaccio';

/** The Verdaccio users the sandbox works with; passwords are random per start. */
export interface SandboxUsers {
  /** Seeds packages and answers internal lookups. */
  admin: { name: string; password: string };
  /** Owns every exchanged (OIDC) token; the gateway limits each token to its one package. */
  oidc: { name: string; password: string };
  /** Owns read-only tokens for the restricted scope. */
  reader: { name: string; password: string };
  /** Owns user tokens (the trust API's "npm login" tokens). */
  maintainer: { name: string; password: string };
}

export type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface VerdaccioHandle {
  server: http.Server;
  /** Verdaccio's express app, taken off the server so the gateway decides what reaches it. */
  app: RequestListener;
  users: SandboxUsers;
}

function user(name: string): { name: string; password: string } {
  return { name, password: crypto.randomBytes(18).toString('hex') };
}

/**
 * Creates (not yet listening) an in-process Verdaccio 6 with no uplinks. Users are written straight into
 * the htpasswd file with SHA-1 hashes: Verdaccio's default bcrypt cost would make every authenticated
 * request cost ~58 ms of registry CPU and swamp the clients being measured.
 */
export async function createVerdaccio(
  dir: string,
  restrictedScope: string,
): Promise<VerdaccioHandle> {
  const users: SandboxUsers = {
    admin: user('trustpub-admin'),
    oidc: user('trustpub-oidc'),
    reader: user('trustpub-reader'),
    maintainer: user('trustpub-maintainer'),
  };
  const sha = (p: string): string =>
    `{SHA}${crypto.createHash('sha1').update(p, 'utf8').digest('base64')}`;
  const htpasswd = path.join(dir, 'htpasswd');
  fs.writeFileSync(
    htpasswd,
    (Object.values(users) as Array<{ name: string; password: string }>)
      .map((u) => `${u.name}:${sha(u.password)}`)
      .join('\n') + '\n',
    {
      mode: 0o600,
    },
  );
  const acl = { access: '$all', publish: '$authenticated', unpublish: '$authenticated' };
  const config = {
    storage: path.join(dir, 'storage'),
    self_path: dir,
    configPath: path.join(dir, 'config.yaml'),
    auth: { htpasswd: { file: htpasswd, max_users: -1, algorithm: 'sha1' } },
    uplinks: {},
    packages: {
      [`${restrictedScope}/*`]: { ...acl, access: '$authenticated' },
      '@*/*': acl,
      '**': acl,
    },
    web: { enable: false },
    middlewares: { audit: { enabled: false } },
    log: { type: 'stdout', format: 'json', level: 'error' },
    // Benchmarks mint many tokens; Verdaccio's default limit (1000 per 15 min) would throttle them.
    userRateLimit: { windowMs: 1000, max: 1_000_000 },
    max_body_size: '100mb',
  };
  const server = (await runServer(config)) as http.Server;
  const [app] = server.listeners('request') as RequestListener[];
  if (!app) throw new Error('Verdaccio did not install its request listener');
  server.removeAllListeners('request');
  return { server, app, users };
}
