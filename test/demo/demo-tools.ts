// The tools the demo runs, each as the real program a user or a CI job would start: the trustpub bin,
// the pinned npm, the changesets CLI 3 and changeset-oidc (children, started asynchronously because the
// sandbox answers on this process's event loop). semantic-release runs in-process through its JS API
// (see step-semantic-release.ts), as the e2e suites run it.
import { baseEnv, spawnNpm, spawnTrustpub, type CliRun } from '../e2e/cli-harness.js';
import { changeset, changesetOidc } from '../e2e/changesets-harness.js';

export type { CliRun };

/** `trustpub ...args` in `cwd`, with the job's variables on top of the demo's clean environment. */
export function trustpub(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  return spawnTrustpub(args, {
    cwd,
    env: { ...baseEnv(), npm_config_registry: registry(), ...env },
  });
}

/** The pinned real npm (node_modules/npm) with the registry given explicitly. */
export function npm(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  return spawnNpm([...args, '--registry', registry()], {
    cwd,
    env: { ...baseEnv(), npm_config_registry: registry(), ...env },
  });
}

/** The real `changeset` (v3); throws when it exits non-zero. */
export function changesetCli(args: string[], cwd: string): Promise<CliRun> {
  return changeset(3, cwd, args, { npm_config_registry: registry() });
}

/** `changeset-oidc ...args` in a CI job's environment. */
export function changesetOidcCli(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<CliRun> {
  return changesetOidc(cwd, args, env);
}

/** The registry every tool is pinned to (the sandbox's, set by the demo once it is up). */
function registry(): string {
  const value = process.env.npm_config_registry;
  if (!value) throw new Error('the demo has not pinned a registry');
  return value;
}

/** Both streams of a run, for quoting and checks. */
export function output(run: CliRun): string {
  return `${run.stdout}\n${run.stderr}`;
}
