// Child processes for the e2e suites, always asynchronous: the sandbox usually runs in the test's own
// process and answers on its event loop, so a synchronous spawn (spawnSync, execFileSync) would deadlock.
import { spawn } from 'node:child_process';

/** What a finished child process printed, and its exit code (1 when it was killed by a signal). */
export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command ...args` in `cwd` with exactly `env` (nothing inherited), collecting stdout and stderr.
 * Resolves on exit whatever the code; rejects only when the command cannot be started.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
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

/**
 * Runs `node <script> ...args` with this process's Node and environment plus `env` (so the runner's
 * network guard and minted-token log carry over); `undefined` values remove a variable.
 */
export function runNode(
  script: string,
  args: readonly string[],
  opts: { cwd: string; env?: Record<string, string | undefined> },
): Promise<ProcessRun> {
  return runProcess(process.execPath, [script, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
  });
}
