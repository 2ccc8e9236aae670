import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './http-util.js';
import { SandboxError } from './sandbox-error.js';
import { LOG_FILE } from './sandbox-log.js';
import { parseState, readIfPresent, STATE_FILE, type SandboxState } from './state-file.js';

export interface StartArgs {
  dir: string;
  port?: number;
  latencyMs?: number;
  cdnCacheMs?: number;
  detach: boolean;
  json: boolean;
}

/** The part of the state a user may see (never the admin secret). */
function publicState(s: SandboxState): Omit<SandboxState, 'adminSecret'> {
  const shown: Partial<SandboxState> = { ...s };
  delete shown.adminSecret;
  return shown as Omit<SandboxState, 'adminSecret'>;
}

function print(state: SandboxState, json: boolean, out: (text: string) => void): void {
  const shown = publicState(state);
  if (json) return out(`${JSON.stringify(shown)}\n`);
  out(
    Object.entries(shown)
      .map(([k, v]) => `${k.padEnd(12)}${String(v)}`)
      .join('\n') + '\n',
  );
}

/** A sandbox whose pid is alive already owns this directory. */
function runningState(dir: string): SandboxState | undefined {
  const file = path.join(dir, STATE_FILE);
  const text = readIfPresent(file);
  if (text === undefined) return undefined;
  const state = parseState(text, file);
  try {
    process.kill(state.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    throw error;
  }
  return state;
}

/** `start`: in the foreground until SIGINT/SIGTERM, or `--detach`ed in a background process. */
export async function startCommand(args: StartArgs, out: (text: string) => void): Promise<void> {
  const dir = path.resolve(args.dir);
  const running = runningState(dir);
  if (running) {
    throw new SandboxError(
      `A sandbox (pid ${running.pid}) is already running from ${dir}`,
      'Stop it with `trustpub-sandbox stop`, or pass another --dir.',
    );
  }
  if (args.detach) return detach(args, dir, out);
  // Loaded here, not at the top: the other commands must not pay for importing Verdaccio.
  const { startSandbox } = await import('./start-sandbox.js');
  const sandbox = await startSandbox({
    dir,
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.latencyMs !== undefined ? { latencyMs: args.latencyMs } : {}),
    ...(args.cdnCacheMs !== undefined ? { cdnCacheMs: args.cdnCacheMs } : {}),
  });
  print(
    JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as SandboxState,
    args.json,
    out,
  );
  await new Promise<void>((resolve) => {
    const done = (): void => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await sandbox.stop();
}

async function detach(args: StartArgs, dir: string, out: (text: string) => void): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(dir, STATE_FILE), { force: true });
  // One log per start: this run's output and failures only, never appended to an earlier run's.
  fs.writeFileSync(path.join(dir, LOG_FILE), '', { mode: 0o600 });
  const log = fs.openSync(path.join(dir, LOG_FILE), 'a');
  const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
  const childArgs = [bin, 'start', '--dir', dir, '--json'];
  if (args.port !== undefined) childArgs.push('--port', String(args.port));
  if (args.latencyMs !== undefined) childArgs.push('--latency', String(args.latencyMs));
  if (args.cdnCacheMs !== undefined) childArgs.push('--cdn-cache', String(args.cdnCacheMs / 1000));
  const child = spawn(process.execPath, childArgs, {
    detached: true,
    stdio: ['ignore', log, log],
    env: process.env,
  });
  fs.closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  child.unref();
  for (let waited = 0; waited < 20_000; waited += 25) {
    const state = runningState(dir);
    if (state && state.pid === child.pid) return print(state, args.json, out);
    if (exited !== undefined) break;
    await sleep(25);
  }
  const tail = fs.readFileSync(path.join(dir, LOG_FILE), 'utf8').split('\n').slice(-5).join('\n');
  if (exited === undefined && child.pid) process.kill(child.pid, 'SIGTERM');
  throw new SandboxError(
    `The detached sandbox did not start (see ${path.join(dir, LOG_FILE)}):\n${tail}`,
    'Check that the port is free and the directory is writable.',
  );
}
