import { spawn } from 'node:child_process';
import type { Dispatcher } from 'undici';
import { createSecrets, type Secrets } from './secrets.js';
import { Agent } from './undici.js';

/** Where the core writes what it wants a person to see. Adapters pass their host's logger. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SpawnResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Stream output to the logger instead of only collecting it (lifecycle scripts). */
  inheritOutput?: boolean;
}

export type SpawnFn = (
  command: string,
  args: string[],
  options?: SpawnOptions,
) => Promise<SpawnResult>;

/**
 * Every outside effect the core has: environment, working directory, clock, HTTP, logging, child
 * processes and the run's secret registry. Nothing in the core reads `process.env`, `Date.now()` or
 * creates HTTP connections except through this object, so adapters and tests control all of it.
 */
export interface CoreContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  now(): number;
  sleep(ms: number): Promise<void>;
  readonly logger: Logger;
  /** undici dispatcher used for every registry, ID-token and Sigstore request (connection reuse). */
  readonly dispatcher: Dispatcher;
  readonly spawn: SpawnFn;
  /** Tokens minted or read during this run: registered here so they are redacted and masked. */
  readonly secrets: Secrets;
  /** User agent sent with every request. */
  readonly userAgent: string;
}

export interface ContextOverrides {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  dispatcher?: Dispatcher;
  /** Sockets per origin of the dispatcher made when none is given (default 16). */
  connections?: number;
  spawn?: SpawnFn;
  secrets?: Secrets;
  userAgent?: string;
  /** Called with every new secret; the GitHub Actions mask command is the usual use. */
  onSecret?: (value: string) => void;
}

const SILENT_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const CORE_VERSION = '0.1.0';

/** The production defaults, bound in one place. */
export function createContext(overrides: ContextOverrides = {}): CoreContext {
  const env = overrides.env ?? process.env;
  const secrets = overrides.secrets ?? createSecrets(overrides.onSecret ?? defaultOnSecret(env));
  return {
    env,
    cwd: overrides.cwd ?? process.cwd(),
    now: overrides.now ?? (() => Date.now()),
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    logger: overrides.logger ?? SILENT_LOGGER,
    dispatcher:
      overrides.dispatcher ??
      new Agent({
        connections: overrides.connections ?? 16,
        keepAliveTimeout: 10_000,
        headersTimeout: 60_000,
        bodyTimeout: 120_000,
      }),
    spawn: overrides.spawn ?? spawnProcess,
    secrets,
    userAgent:
      overrides.userAgent ??
      `trustpub/${CORE_VERSION} node/${process.version} ${process.platform} ${process.arch}`,
  };
}

/**
 * On GitHub Actions a minted token is masked in the job log before it is ever used. Only a runner
 * reads the command, from the step's piped output: on a terminal it would print the token for no one.
 */
function defaultOnSecret(
  env: Readonly<Record<string, string | undefined>>,
): (value: string) => void {
  return (value) => {
    if (env.GITHUB_ACTIONS && !process.stdout.isTTY) process.stdout.write(`::add-mask::${value}\n`);
  };
}

const spawnProcess: SpawnFn = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv | undefined,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    // A child that exits before reading its stdin makes the write fail with EPIPE; its exit code and
    // output are what matter, and an unhandled stream error would crash the whole process.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
