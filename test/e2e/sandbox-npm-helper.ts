// Shared by the sandbox e2e suites: runs the pinned, unmodified npm CLI asynchronously (a synchronous spawn
// would block the in-process sandbox and deadlock), with an empty userconfig and the registry pinned.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoMintedToken } from './sandbox-minted.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const NPM_CLI = path.join(ROOT, 'node_modules', 'npm', 'bin', 'npm-cli.js');
export const SANDBOX_BIN = path.join(ROOT, 'packages', 'sandbox', 'dist', 'bin.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a node script with the given args and environment additions; collects its output. */
export function runNode(
  script: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined> },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A fresh directory under the run's temp dir. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * npm with the registry pinned to the sandbox and a userconfig that holds at most `${VAR}` references
 * (tokens travel in the environment, never in files).
 */
export async function runNpm(
  args: string[],
  opts: { cwd: string; registry: string; env?: Record<string, string | undefined>; npmrc?: string },
): Promise<RunResult> {
  const userconfig = path.join(opts.cwd, '..', `${path.basename(opts.cwd)}.npmrc`);
  fs.writeFileSync(userconfig, opts.npmrc ?? '');
  const run = await runNode(NPM_CLI, args, {
    cwd: opts.cwd,
    env: {
      npm_config_registry: opts.registry,
      npm_config_userconfig: userconfig,
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      ...opts.env,
    },
  });
  // What npm printed while talking to the sandbox never holds a token the sandbox minted.
  assertNoMintedToken(`${run.stdout}\n${run.stderr}`, `npm ${args.join(' ')}`);
  return run;
}

/** Writes a minimal package to publish. */
export function fixturePackage(
  name: string,
  version: string,
  extra: Record<string, unknown> = {},
): string {
  const dir = tempDir('pkg-');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name, version, description: 'fixture', license: 'MIT', ...extra }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(dir, 'index.js'), 'export const answer = 42;\n');
  return dir;
}
