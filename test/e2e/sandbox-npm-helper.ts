// Shared by the sandbox e2e suites: runs the pinned, unmodified npm CLI asynchronously (a synchronous spawn
// would block the in-process sandbox and deadlock), with an empty userconfig and the registry pinned, and
// writes minimal packages to publish.
import fs from 'node:fs';
import path from 'node:path';
import { NPM_CLI } from './support/paths.js';
import { runNode, type ProcessRun } from './support/processes.js';
import { tempDir } from './support/temp.js';
import { assertNoMintedToken } from './support/tokens.js';

/**
 * npm with the registry pinned to the sandbox and a userconfig that holds at most `${VAR}` references
 * (tokens travel in the environment, never in files).
 */
export async function runNpm(
  args: string[],
  opts: { cwd: string; registry: string; env?: Record<string, string | undefined>; npmrc?: string },
): Promise<ProcessRun> {
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
