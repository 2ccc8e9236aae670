// Shared by the fix-* suites: the maintainer as `trustpub-sandbox user` / `otp` make one, a run of a
// printed fix command at a terminal, and the commands a run printed.
import assert from 'node:assert/strict';
import type { Sandbox, UserToken } from '@trustpub/sandbox';
import { baseEnv, tempDir } from './cli-harness.js';
import { SANDBOX_BIN } from './support/paths.js';
import { runProcess } from './support/processes.js';
import { trustpub } from './trust-support.js';

/** A maintainer's token, and a one-time password from `trustpub-sandbox otp`. */
export interface Maintainer {
  token: string;
  otp: () => Promise<string>;
}

/**
 * `trustpub-sandbox user [--web-auth] --json` against this sandbox; `otp()` runs `trustpub-sandbox otp`,
 * which answers for the last user `user` created in the sandbox's state directory.
 */
export async function sandboxUser(sandbox: Sandbox, webAuth: boolean): Promise<Maintainer> {
  const env = { ...baseEnv(), TRUSTPUB_SANDBOX_DIR: sandbox.dir };
  const cwd = tempDir('fix-user-');
  const created = await runProcess(
    process.execPath,
    [SANDBOX_BIN, 'user', ...(webAuth ? ['--web-auth'] : []), '--json'],
    { cwd, env },
  );
  assert.equal(created.code, 0, created.stderr);
  const { token } = JSON.parse(created.stdout) as { token: string };
  return {
    token,
    otp: async () => {
      const run = await runProcess(process.execPath, [SANDBOX_BIN, 'otp'], { cwd, env });
      assert.equal(run.code, 0, run.stderr);
      return run.stdout.trim();
    },
  };
}

/** A token in the shape listTrust reads (only the token is used to read). */
export function asUser(token: string): UserToken {
  return { token, otpSecret: '', otp: () => '' };
}

/** A run's output for an assertion message, without the mask lines (they carry the tokens by design). */
export function shown(run: { stdout: string; stderr: string }): string {
  return `${run.stdout}${run.stderr}`
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

/** The distinct `trustpub ...` commands a run printed between backticks, as a reader would copy them. */
export function printedCommands(text: string): string[] {
  return [...new Set([...text.matchAll(/`(trustpub trust [^`]+)`/g)].map((m) => m[1]!))];
}

/** A maintainer's terminal on `sandbox`: the user token, and a one-time password valid now. */
export async function maintainerEnv(
  sandbox: Sandbox,
  maintainer: Maintainer,
): Promise<Record<string, string>> {
  return {
    ...baseEnv(),
    npm_config_registry: sandbox.registry,
    NPM_TOKEN: maintainer.token,
    NPM_CONFIG_OTP: await maintainer.otp(),
  };
}

/** The maintainer runs `argv` at a terminal (answering the question with y); it must succeed. */
export async function runAsMaintainer(
  sandbox: Sandbox,
  maintainer: Maintainer,
  dir: string,
  argv: string[],
): Promise<void> {
  const run = await trustpub(argv, {
    cwd: dir,
    env: await maintainerEnv(sandbox, maintainer),
    answers: ['y'],
  });
  assert.ok(
    !`${run.stdout}${run.stderr}`.includes(maintainer.token),
    'the user token is never printed',
  );
  assert.equal(run.code, 0, `the printed fix works as printed:\n${shown(run)}`);
}
