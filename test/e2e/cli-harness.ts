// Shared by the release-* and cli-* suites: runs the trustpub CLI (in this process through runCli, or as
// a child through its bin) in a simulated CI job, and writes synthetic workspaces.
import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '@trustpub/sandbox';
import { runCli, type CliIo } from 'trustpub';
import { NPM_CLI, REPO_ROOT, TRUSTPUB_BIN } from './support/paths.js';
import { runProcess, type ProcessRun } from './support/processes.js';

export { NPM_CLI, REPO_ROOT };
export const BIN = TRUSTPUB_BIN;

export type CliRun = ProcessRun;

/** What every simulated job has besides its CI variables: PATH, HOME, temp dir, the empty user npmrc. */
export function baseEnv(): Record<string, string> {
  const keep = [
    'PATH',
    'HOME',
    'TMPDIR',
    'NODE_OPTIONS',
    'TRUSTPUB_NET_GUARD_LOG',
    'TRUSTPUB_SANDBOX_MINTED_LOG',
    'npm_config_userconfig',
    'npm_config_cache',
  ];
  const env: Record<string, string> = {};
  for (const k of keep) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  return env;
}

/** Runs `trustpub ...args` in this process with its own io (fast; same code path as the bin). */
export async function runTrustpub(
  args: string[],
  opts: { cwd: string; env: Record<string, string>; isTTY?: boolean },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: opts.env,
    cwd: opts.cwd,
    isTTY: opts.isTTY ?? false,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs the real bin as a child process (asynchronously: the sandbox lives in this process). */
export function spawnTrustpub(
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<CliRun> {
  return spawnNode([BIN, ...args], opts);
}

/** Runs the pinned npm (node_modules/npm) as a child process. */
export function spawnNpm(
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<CliRun> {
  return spawnNode([NPM_CLI, ...args], opts);
}

function spawnNode(
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<CliRun> {
  return runProcess(process.execPath, args, opts);
}

export const REPO = 'acme/monorepo';
export const WORKFLOW = 'release.yml';

/** The trusted publisher every fixture package gets unless a test says otherwise. */
export async function trust(
  sandbox: Sandbox,
  name: string,
  opts: { environment?: string; workflow?: string } = {},
): Promise<void> {
  await sandbox.setTrust(name, {
    type: 'github',
    claims: {
      repository: REPO,
      workflow_ref: { file: opts.workflow ?? WORKFLOW },
      ...(opts.environment ? { environment: opts.environment } : {}),
    },
    permissions: ['createPackage'],
  });
}

/**
 * The environment of the job `trust()` trusts (REPO's WORKFLOW on GitHub Actions) on `sandbox`: baseEnv()
 * and what `trustpub-sandbox env github` sets. In a private repository no provenance is made.
 */
export async function githubJob(
  sandbox: Sandbox,
  visibility: 'public' | 'private',
): Promise<Record<string, string>> {
  return {
    ...baseEnv(),
    ...(await sandbox.ciEnv('github', { repo: REPO, workflow: WORKFLOW, visibility })),
  };
}

export interface FixturePackage {
  name: string;
  version?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  extra?: Record<string, unknown>;
}

/** The directory name of a package: `@acme/p01` -> `p01`. */
export function dirName(name: string): string {
  return name.split('/').pop() as string;
}

/** Writes one package (package.json + index.js) with a repository field matching the simulated job. */
export function writePackage(dir: string, p: FixturePackage): void {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: p.name,
    version: p.version ?? '1.0.0',
    ...(p.private ? { private: true } : {}),
    main: 'index.js',
    repository: {
      type: 'git',
      url: `git+https://github.com/${REPO}.git`,
      directory: path.basename(dir),
    },
    ...(p.dependencies ? { dependencies: p.dependencies } : {}),
    ...(p.devDependencies ? { devDependencies: p.devDependencies } : {}),
    ...(p.peerDependencies ? { peerDependencies: p.peerDependencies } : {}),
    ...p.extra,
  };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(p.name)};\n`);
}

/** An npm workspace (package.json "workspaces": ["packages/*"]) of the given packages. */
export function writeNpmWorkspace(root: string, packages: FixturePackage[]): void {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'fixture-root', private: true, workspaces: ['packages/*'] }, null, 2),
  );
  for (const p of packages) writePackage(path.join(root, 'packages', dirName(p.name)), p);
}

export interface PublishedManifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Reads a packument from the sandbox (optionally with a read token). */
export async function packument(
  sandbox: Sandbox,
  name: string,
  token?: string,
): Promise<{ versions?: Record<string, PublishedManifest> } | undefined> {
  const res = await fetch(new URL(name.replace('/', '%2f'), sandbox.registry), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (res.status === 404) return undefined;
  return (await res.json()) as { versions?: Record<string, PublishedManifest> };
}

export { tempDir } from './support/temp.js';
