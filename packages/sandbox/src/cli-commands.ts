import fs from 'node:fs';
import { startCommand } from './cli-start.js';
import { envCommand } from './cli-env.js';
import { jobOptions, provider, str, trustBody, type Values } from './cli-job-options.js';
import { otpCommand, readTokenCommand, userCommand } from './cli-user.js';
import { connectSandbox } from './connect-sandbox.js';
import { checkJobOptions } from './input-checks.js';
import { SandboxError } from './sandbox-error.js';
import { defaultStateDir } from './state-dir.js';
import { readState, removeState, STATE_FILE } from './state-file.js';
import path from 'node:path';

export type { Values };

function numberFlag(values: Values, flag: string): number | undefined {
  const v = str(values[flag]);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new SandboxError(
      `--${flag} "${v}" is not a whole number`,
      `Pass --${flag} as a number, e.g. --${flag} 50.`,
    );
  return n;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs one CLI command; throws SandboxError for anything the user can fix. */
export async function runCommand(
  command: string,
  positionals: string[],
  values: Values,
  out: (text: string) => void,
  err: (text: string) => void = () => undefined,
): Promise<void> {
  const dir = path.resolve(str(values.dir) ?? defaultStateDir(process.cwd(), process.env));
  if (command === 'start') {
    const port = numberFlag(values, 'port');
    const latencyMs = numberFlag(values, 'latency');
    const cdnCacheSeconds = numberFlag(values, 'cdn-cache');
    return startCommand(
      {
        dir,
        detach: values.detach === true,
        json: values.json === true,
        ...(port !== undefined ? { port } : {}),
        ...(latencyMs !== undefined ? { latencyMs } : {}),
        ...(cdnCacheSeconds !== undefined ? { cdnCacheMs: cdnCacheSeconds * 1000 } : {}),
      },
      out,
    );
  }
  if (command === 'stop') {
    // Stopping what is not running is done already: say so and succeed, as scripts expect of a cleanup.
    if (!fs.existsSync(path.join(dir, STATE_FILE)))
      return out(`no sandbox was running from ${dir}\n`);
    if (!processAlive(readState(dir).pid)) {
      removeState(dir);
      return out(`no sandbox was running from ${dir} (removed its stale ${STATE_FILE})\n`);
    }
    await connectSandbox(dir).stop();
    return out(`stopped the sandbox in ${dir}\n`);
  }
  if (command === 'otp') return otpCommand(dir, out);
  const sandbox = connectSandbox(dir);
  if (command === 'user') return userCommand(sandbox, dir, values, out, err);
  if (command === 'token') return readTokenCommand(sandbox, values, out);
  if (command === 'seed') {
    const spec = positionals[0];
    if (!spec)
      throw new SandboxError(
        'seed needs a package name',
        'Run `trustpub-sandbox seed NAME[@VERSION]`.',
      );
    const at = spec.lastIndexOf('@');
    const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
    await sandbox.seed(name, version);
    return out(`seeded ${name}@${version ?? '0.0.1'}\n`);
  }
  if (command === 'trust') {
    const [name, type] = positionals;
    if (!name)
      throw new SandboxError('trust needs a package name', 'Run `trustpub-sandbox trust --help`.');
    const config = trustBody(provider(type, 'trust NAME'), values);
    const stored = await sandbox.setTrust(name, config);
    return out(`trusted publisher ${stored.id} set for ${name}\n`);
  }
  if (command === 'env') {
    const p = provider(positionals[0], 'env');
    const opts = jobOptions(p, values);
    checkJobOptions(p, opts);
    const env = await sandbox.ciEnv(p, opts);
    return out(envCommand(env, dir, values.json === true));
  }
  throw new SandboxError(
    `Unknown command "${command}"`,
    'Run `trustpub-sandbox --help` for the commands.',
  );
}
