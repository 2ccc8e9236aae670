// The bad-input corpus's harness: each case describes a project, a CI job, registry faults and a command
// line; `runCase` builds it against one shared sandbox (behind the fault proxy), runs the trustpub CLI and
// returns what it printed, its exit code and what the registry recorded meanwhile.
import type { Sandbox } from '@trustpub/sandbox';
import { runTrustpub, trust, REPO, WORKFLOW, baseEnv } from '../cli-harness.js';
import type { FaultProxy, FaultRule } from './fault-proxy.js';
import { writeFiles } from './git.js';
import { tempDir } from './temp.js';

export type CaseKind = 'manifest' | 'npmrc' | 'id-token' | 'registry' | 'cli';

/** What a case may use while it builds its project and environment. */
export interface CaseContext {
  sandbox: Sandbox;
  /** The proxy in front of the registry; its URL is the job's registry. */
  registryProxy: FaultProxy;
  /** The proxy in front of the ID-token issuer. */
  issuerProxy: FaultProxy;
  /** A package name of this case alone (`@corpus/c<n>`). */
  name: string;
  /** The registry the job uses (the proxy). */
  registry: string;
  dir: string;
}

export interface CorpusCase {
  kind: CaseKind;
  title: string;
  /** Files of the project, written into its directory (objects as JSON). Default: one valid package. */
  files?: (c: CaseContext) => Record<string, string | object>;
  /** trustpub's arguments (default `publish`). */
  args?: (c: CaseContext) => string[];
  /** The CI job (default GitHub, private repository: no provenance). */
  job?: { provider: 'github' | 'gitlab'; visibility?: 'public' | 'private' } | 'none';
  /** Changes to the job's environment (`undefined` removes a variable). */
  env?: (
    c: CaseContext,
    job: Record<string, string>,
  ) => Record<string, string | undefined> | Promise<Record<string, string | undefined>>;
  /** Seed the package (0.0.1 or these versions) and trust this job for it. */
  registered?: boolean | string[];
  /** Faults for the case's package (`packageName` is filled in when absent). */
  faults?: (c: CaseContext) => FaultRule[];
  /** The stable code the output must name. */
  code: string;
  /** The exit code (default: any but 0). */
  exit?: number;
  /** Text that must appear (extra, case specific). */
  mentions?: RegExp;
}

export interface CaseRun {
  code: number;
  output: string;
  /** Successful publishes (PUT of a packument, 2xx) the registry recorded during the case. */
  uploads: string[];
}

/** The package.json of a valid package of this case, with `over` merged on top. */
export function manifest(
  c: CaseContext,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: c.name,
    version: '1.0.0',
    main: 'index.js',
    repository: { type: 'git', url: `git+https://github.com/${REPO}.git` },
    ...over,
  };
}

/** A single valid package, with `over` merged into its manifest. */
export function onePackage(over: Record<string, unknown> = {}) {
  return (c: CaseContext): Record<string, string | object> => ({
    'package.json': manifest(c, over),
    'index.js': 'module.exports = 1;\n',
  });
}

let counter = 0;

/**
 * Runs a set-up call to the sandbox again after a connection reset: a kept-alive socket the sandbox
 * closes just as the next call reuses it is a race of the test's own client, not a case's outcome.
 */
export async function once<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ECONNRESET') throw error;
    return call();
  }
}

/** Builds and runs one case. */
export async function runCase(
  k: CorpusCase,
  env: { sandbox: Sandbox; registryProxy: FaultProxy; issuerProxy: FaultProxy },
): Promise<CaseRun> {
  counter++;
  const dir = tempDir('corpus-');
  const c: CaseContext = {
    ...env,
    name: `@corpus/c${counter}-${process.pid}`,
    registry: env.registryProxy.url,
    dir,
  };
  await writeFiles(dir, (k.files ?? onePackage())(c));
  if (k.registered) {
    const versions = Array.isArray(k.registered) ? k.registered : ['0.0.1'];
    for (const v of versions) await once(() => env.sandbox.seed(c.name, v));
    await once(() => trust(env.sandbox, c.name));
  }
  const job = k.job ?? { provider: 'github', visibility: 'private' };
  let jobEnv: Record<string, string>;
  if (job !== 'none') {
    jobEnv =
      job.provider === 'github'
        ? await env.sandbox.ciEnv('github', {
            repo: REPO,
            workflow: WORKFLOW,
            visibility: job.visibility ?? 'private',
          })
        : await env.sandbox.ciEnv('gitlab', {
            project: REPO,
            visibility: job.visibility ?? 'private',
          });
    // The ID token is asked for through the proxy in front of the issuer.
    if (jobEnv.ACTIONS_ID_TOKEN_REQUEST_URL) {
      const u = new URL(jobEnv.ACTIONS_ID_TOKEN_REQUEST_URL);
      const p = new URL(env.issuerProxy.url);
      u.host = p.host;
      jobEnv.ACTIONS_ID_TOKEN_REQUEST_URL = u.href;
    }
    jobEnv.npm_config_registry = c.registry;
  } else {
    jobEnv = { npm_config_registry: c.registry };
  }
  const full: Record<string, string> = {
    ...baseEnv(),
    ...jobEnv,
    // Retries are part of the behaviour under test; waiting seconds for them is not.
    TRUSTPUB_RETRY_DELAY_MS: '20',
    TRUSTPUB_TIMEOUT_ID_TOKEN: '2',
    TRUSTPUB_TIMEOUT_EXCHANGE: '2',
    TRUSTPUB_TIMEOUT_VISIBILITY: '2',
    TRUSTPUB_TIMEOUT_PACKUMENT: '2',
    TRUSTPUB_TIMEOUT_UPLOAD: '3',
  };
  for (const [key, value] of Object.entries((await k.env?.(c, full)) ?? {})) {
    if (value === undefined) delete full[key];
    else full[key] = value;
  }
  env.registryProxy.clear();
  env.issuerProxy.clear();
  for (const rule of k.faults?.(c) ?? []) {
    const target = rule.kind === 'id-token' ? env.issuerProxy : env.registryProxy;
    target.add(
      rule.kind === 'id-token' || rule.packageName ? rule : { ...rule, packageName: c.name },
    );
  }
  const mark = env.sandbox.requests().length;
  const args = k.args?.(c) ?? ['publish'];
  const run = await runTrustpub(args, { cwd: dir, env: full });
  env.registryProxy.clear();
  env.issuerProxy.clear();
  const uploads = env.sandbox
    .requests()
    .slice(mark)
    .filter((r) => r.method === 'PUT' && r.status < 300 && !r.path.startsWith('/-/'))
    .map((r) => r.path);
  return { code: run.code, output: `${run.stdout}\n${run.stderr}`, uploads };
}

/**
 * Lines a CI runner would execute that carry text planted by a hostile registry or process (marked
 * PWNED): a GitHub workflow command (the runner trims leading spaces) or a GitLab section marker.
 */
export function plantedCommandLines(output: string): string[] {
  return (
    output
      .split(/\r\n|\r|\n/)
      // eslint-disable-next-line no-control-regex -- a terminal escape before a marker hides nothing from the runner
      .map((l) => l.replace(/^(?:\s|\x1b\[[0-9;]*K)*/, ''))
      .filter(
        (l) =>
          l.includes('PWNED') &&
          /^(::(stop-commands|set-output|set-env|add-path|debug)|section_(start|end):)/.test(l),
      )
  );
}

/** Hostile text, as a registry or a script might send it. */
export const HOSTILE =
  'refused\n::stop-commands::PWNED\n  ::set-output name=x::PWNED\nsection_start:1700000000:PWNED\r\x1b[0Ksection_end:1:PWNED';
