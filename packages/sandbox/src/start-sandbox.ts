import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AdminOps } from './admin-api.js';
import { buildCiEnv } from './ci-env.js';
import { writeCircleciShim } from './circleci-shim.js';
import { createGateway } from './gateway.js';
import { closeLoopbackAgent } from './http-util.js';
import { checkJobOptions } from './input-checks.js';
import { startIssuer } from './issuer.js';
import { recordMinted } from './minted-log.js';
import { SandboxCore } from './sandbox-core.js';
import { SandboxError } from './sandbox-error.js';
import { openSandboxLog } from './sandbox-log.js';
import { seedPackage } from './seed.js';
import { startSigstoreServers } from './sigstore-link.js';
import { loadRegistryState } from './registry-state.js';
import { removeState, writeMarker, writeState } from './state-file.js';
import { newOtpSecret, totp } from './totp.js';
import { storeTrust } from './trust-api.js';
import { trustBodyProblem } from './trust-body.js';
import type {
  CiJobOptions,
  CiProvider,
  Sandbox,
  SandboxOptions,
  TrustConfigBody,
} from './types.js';
import { createVerdaccio } from './verdaccio-server.js';
import { VerdaccioTokens } from './verdaccio-tokens.js';

/**
 * Starts the whole local npmjs stand-in on 127.0.0.1: Verdaccio behind the gateway, the OIDC issuer and
 * the local Sigstore. Resolves when every part answers; `stop()` closes them all.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const ownDir = options.dir === undefined;
  const dir = path.resolve(
    options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trustpub-sandbox-')),
  );
  writeMarker(dir);
  // A corrupt saved state stops the start here, before any server listens.
  loadRegistryState(dir);
  const latencyMs = options.latencyMs ?? 0;
  const core: { value?: SandboxCore } = {};
  const log = openSandboxLog(dir, () => {
    const c = core.value;
    return c ? [...c.exchanged.keys(), ...c.userTokens.keys(), ...c.readTokens] : [];
  });
  const [verdaccio, issuer] = await Promise.all([
    createVerdaccio(dir, options.restrictedScope ?? '@private-scope'),
    startIssuer({
      latencyMs,
      record: (r) => core.value?.record(r),
      failure: (what, cause) => log.failure(what, cause),
      ...(options.issuerPort ? { port: options.issuerPort } : {}),
    }),
  ]);
  const { server, users } = verdaccio;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  // Node's own default, stated because it matters: undici keeps a connection only if the advertised
  // keep-alive timeout exceeds its 2 s safety margin. A shorter one makes every client reconnect for each
  // request, which npmjs never makes them do and which would distort every benchmark.
  server.keepAliveTimeout = 5000;
  const port = (server.address() as AddressInfo).port;
  const registry = `http://127.0.0.1:${port}/`;
  const internalHeader = { 'x-trustpub-sandbox-internal': crypto.randomBytes(24).toString('hex') };
  const tokens = new VerdaccioTokens(port, internalHeader);
  const c = new SandboxCore(
    {
      latencyMs,
      cdnCacheMs: options.cdnCacheMs ?? 0,
      exchangeTokenTtlMs: options.exchangeTokenTtlMs ?? 3_600_000,
      exchangeReserve: options.exchangeReserve ?? 32,
      trustRateLimit: options.trustRateLimit ?? { requests: 600, perMs: 60_000 },
      restrictedScope: options.restrictedScope ?? '@private-scope',
      exchangedTokensForDistTags: options.exchangedTokensForDistTags ?? true,
      otpClock: options.otpClock ?? Date.now,
    },
    port,
    registry,
    issuer,
    users,
    tokens,
    internalHeader,
    dir,
    log,
  );
  core.value = c;
  const adminSecret = crypto.randomBytes(24).toString('hex');
  recordMinted('admin-secret', adminSecret);

  const sandboxRef: { value?: Sandbox } = {};
  const admin: AdminOps = {
    secret: adminSecret,
    run: (op, args) => runAdmin(sandboxRef.value as Sandbox, op, args),
  };
  // The gateway is attached before the first HTTP call to this server (an earlier call deadlocked).
  server.on('request', createGateway(c, verdaccio.app, admin));

  // One token minted at start-up: tokens minted concurrently on a fresh Verdaccio get lost. Then the
  // exchanges' user gets its token list (one token, revoked at once): a user's first mint runs alone, so
  // without it a release's first exchanges would wait on each other.
  const [sigstore] = await Promise.all([
    startSigstoreServers(dir, issuer),
    tokens
      .mint(users.admin, false)
      .then((t) => recordMinted('user-token', t.token))
      .then(() => tokens.mint(users.oidc, false))
      .then((t) => {
        recordMinted('exchanged-token', t.token);
        return tokens.revoke(users.oidc, t.key);
      }),
  ]).catch(async (error: unknown) => {
    // A part that cannot start (e.g. corrupt Sigstore keys) must not leave the others listening.
    server.closeAllConnections();
    closeLoopbackAgent(port);
    await Promise.all([new Promise((resolve) => server.close(resolve)), issuer.close()]);
    throw error;
  });
  c.trustedRootPath = sigstore.trustedRootPath;
  await c.reserve.prime();

  const shimDir = writeCircleciShim(dir, issuer.url);
  const targets = {
    shimDir,
    registry,
    fulcioUrl: sigstore.fulcioUrl,
    rekorUrl: sigstore.rekorUrl,
    trustedRootPath: sigstore.trustedRootPath,
  };
  let stopped = false;
  const sandbox: Sandbox = {
    registry,
    issuer: issuer.url,
    fulcioUrl: sigstore.fulcioUrl,
    rekorUrl: sigstore.rekorUrl,
    trustedRootPath: sigstore.trustedRootPath,
    dir,
    seed: (name, version, manifest) => seedPackage(c, name, version, manifest),
    setTrust(name: string, config: TrustConfigBody) {
      // A promise that rejects (never a synchronous throw), like every other method.
      return Promise.resolve().then(() => {
        const problem = trustBodyProblem(config);
        if (problem)
          throw new SandboxError(
            `Invalid trusted publisher for ${name}: ${problem}`,
            'Pass one element of what `npm trust` POSTs, e.g. {type:"github", claims:{repository, workflow_ref:{file}}}.',
          );
        if (!c.packageExists(name))
          throw new SandboxError(
            `Package ${name} does not exist`,
            `Seed it first: trustpub-sandbox seed ${name}`,
          );
        return storeTrust(c, name, config);
      });
    },
    async createUserToken(opts = {}) {
      const { token } = await tokens.mint(users.maintainer, false);
      recordMinted('user-token', token);
      const otpSecret = opts.otpSecret ?? newOtpSecret();
      c.userTokens.set(token, {
        otpSecret,
        recent: [],
        webAuth: opts.webAuth === true,
        webCodes: new Set(),
      });
      return { token, otpSecret, otp: () => totp(otpSecret, c.settings.otpClock()) };
    },
    async createReadToken() {
      const { token } = await tokens.mint(users.reader, true);
      recordMinted('read-token', token);
      c.readTokens.add(token);
      return token;
    },
    async ciEnv(provider: CiProvider, opts: CiJobOptions) {
      checkJobOptions(provider, opts);
      return buildCiEnv(issuer, targets, provider, opts);
    },
    mintIdToken: (claims, opts) => issuer.mint(claims, opts),
    requests: () => [...c.records],
    async stop() {
      if (stopped) return;
      stopped = true;
      await c.stop();
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        issuer.close(),
        sigstore.stop(),
      ]);
      closeLoopbackAgent(port);
      removeState(dir);
      if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  sandboxRef.value = sandbox;
  writeState(dir, {
    registry,
    issuer: issuer.url,
    dir,
    pid: process.pid,
    fulcioUrl: sigstore.fulcioUrl,
    rekorUrl: sigstore.rekorUrl,
    trustedRoot: sigstore.trustedRootPath,
    adminSecret,
  });
  return sandbox;
}

/** The operations a detached sandbox performs for the CLI (see admin-api.ts). */
async function runAdmin(
  sandbox: Sandbox,
  op: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  switch (op) {
    case 'seed':
      return sandbox.seed(
        String(args.name),
        str(args.version),
        (args.manifest as Record<string, unknown> | undefined) ?? {},
      );
    case 'trust':
      return sandbox.setTrust(String(args.name), args.config as TrustConfigBody);
    case 'ci-env':
      return sandbox.ciEnv(args.provider as CiProvider, args.opts as CiJobOptions);
    case 'mint':
      return sandbox.mintIdToken(
        (args.claims as Record<string, unknown>) ?? {},
        (args.opts as object) ?? {},
      );
    case 'user-token': {
      const { token, otpSecret } = await sandbox.createUserToken({
        ...(str(args.otpSecret) ? { otpSecret: String(args.otpSecret) } : {}),
        webAuth: args.webAuth === true,
      });
      return { token, otpSecret };
    }
    case 'read-token':
      return sandbox.createReadToken();
    default:
      throw new SandboxError(
        `Unknown admin operation "${op}"`,
        'Use seed, trust, ci-env, mint, user-token or read-token.',
      );
  }
}
