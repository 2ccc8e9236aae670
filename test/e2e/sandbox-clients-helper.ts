// Runs the real package managers (npm 11, pnpm 10/11/12, yarn 4) against an in-process sandbox the way a
// user rehearses: a shell that starts from an empty environment and an empty HOME, applies only what
// `trustpub-sandbox env ...` printed (the real CLI, attached to this sandbox through its state dir), and
// then runs the client. Node clients carry the loopback network guard with a log of their own, so a test
// can show that nothing tried to leave 127.0.0.1; native binaries (pnpm 12) are not covered by it, and
// their requests are checked in the sandbox's own record instead.
import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '@trustpub/sandbox';
import { REPO_ROOT, SANDBOX_BIN } from './support/paths.js';
import { runNode, runProcess, type ProcessRun } from './support/processes.js';
import { tempDir } from './support/temp.js';
import { assertNoMintedToken } from './support/tokens.js';

const BIN = path.join(REPO_ROOT, 'node_modules');

/** How each client is started from the shell (Node clients through `node`, so the guard is preloaded). */
export const CLIENTS = {
  npm: `node ${JSON.stringify(path.join(BIN, 'npm', 'bin', 'npm-cli.js'))}`,
  pnpm10: `node ${JSON.stringify(path.join(BIN, 'pnpm10', 'bin', 'pnpm.cjs'))}`,
  pnpm11: `node ${JSON.stringify(path.join(BIN, 'pnpm11', 'bin', 'pnpm.mjs'))}`,
  pnpm12: JSON.stringify(path.join(BIN, '@pnpm', 'exe.linux-x64', 'pnpm')),
  yarn: `node ${JSON.stringify(path.join(BIN, '@yarnpkg', 'cli-dist', 'bin', 'yarn.js'))}`,
} as const;
export type Client = keyof typeof CLIENTS;

export const REPO = 'acme/widget';

/** What `trustpub-sandbox env github` prints for this sandbox's job (the real command, another process). */
export async function envLines(sandbox: Sandbox, args: string[]): Promise<string> {
  const run = await runNode(SANDBOX_BIN, ['env', 'github', ...args, '--dir', sandbox.dir], {
    cwd: sandbox.dir,
  });
  if (run.code !== 0) throw new Error(`trustpub-sandbox env failed: ${run.stderr}`);
  return run.stdout;
}

/**
 * Seeds the packages with a trusted publisher (REPO's release.yml, publishing only) and returns the env
 * lines of that job and of another workflow of the same repository. The repository is private: pnpm (and
 * npm, which pnpm 10 publishes through) then leave provenance off, which would otherwise need public
 * Sigstore.
 */
export async function trustedWidgets(
  sandbox: Sandbox,
  names: readonly string[],
): Promise<{ trusted: string; untrusted: string }> {
  for (const name of names) {
    await sandbox.seed(name);
    await sandbox.setTrust(name, {
      type: 'github',
      claims: { repository: REPO, workflow_ref: { file: 'release.yml' } },
      permissions: ['createPackage'],
    });
  }
  const job = (workflow: string) =>
    envLines(sandbox, ['--repo', REPO, '--workflow', workflow, '--visibility', 'private']);
  return { trusted: await job('release.yml'), untrusted: await job('nightly.yml') };
}

export interface ShellRun extends ProcessRun {
  /** What the network guard refused in this run's Node processes (empty: nothing tried to leave). */
  refused: string[];
}

/**
 * Runs `script` in bash after `eval` of the env lines, from an empty environment: PATH (this checkout's
 * bins first, for the `npm` pnpm 10 publishes through), an empty HOME, TMPDIR, the guard and the minted-token
 * log. No npm_config_* or user config of the test run reaches it.
 */
export async function inJobShell(lines: string, script: string, cwd: string): Promise<ShellRun> {
  const home = tempDir('home-');
  const guardLog = path.join(home, '..', `${path.basename(home)}-guard.log`);
  const guard = path.join(REPO_ROOT, 'scripts', 'net-guard.mjs');
  const env: Record<string, string> = {
    PATH: `${path.join(BIN, '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    TMPDIR: process.env.TMPDIR ?? home,
    NODE_OPTIONS: `--import=${guard}`,
    TRUSTPUB_NET_GUARD_LOG: guardLog,
    TRUSTPUB_SANDBOX_MINTED_LOG: process.env.TRUSTPUB_SANDBOX_MINTED_LOG ?? '',
  };
  const run = await runProcess('bash', ['-c', `set -e\neval "$1"\n${script}`, 'job', lines], {
    cwd,
    env,
  });
  const refused = fs.existsSync(guardLog)
    ? fs.readFileSync(guardLog, 'utf8').split('\n').filter(Boolean)
    : [];
  assertNoMintedToken(`${run.stdout}\n${run.stderr}`, `the job shell (${script.split('\n')[0]})`);
  return { ...run, refused };
}

/** A package to publish, with the repository the job claims (no `files` list). */
export function widget(name: string, version: string): string {
  const dir = tempDir('widget-');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name,
        version,
        description: 'fixture',
        license: 'MIT',
        repository: { type: 'git', url: `git+https://github.com/${REPO}.git` },
      },
      null,
      2,
    )}\n`,
  );
  fs.writeFileSync(path.join(dir, 'index.js'), 'export const answer = 42;\n');
  return dir;
}

/** The registry requests of `name` after index `from`: exchanges and uploads, with their statuses. */
export function publishRequests(sandbox: Sandbox, name: string, from: number) {
  const escaped = name.replace('/', '%2f');
  const rs = sandbox.requests().slice(from);
  return {
    /** The audiences the client asked the job's ID-token endpoint for. */
    audiences: rs.filter((r) => r.server === 'issuer' && r.audience).map((r) => r.audience),
    exchanges: rs
      .filter((r) => r.path === `/-/npm/v1/oidc/token/exchange/package/${escaped}`)
      .map((r) => r.status),
    uploads: rs
      .filter((r) => r.method === 'PUT' && r.path.toLowerCase() === `/${escaped.toLowerCase()}`)
      .map((r) => ({ status: r.status, auth: r.auth })),
  };
}

/** The published version's `_npmUser` as the registry serves it (undefined when it is not there). */
export async function publishedBy(sandbox: Sandbox, name: string, version: string) {
  const res = await fetch(`${sandbox.registry}${name.replace('/', '%2f')}`);
  if (res.status !== 200) return undefined;
  const doc = (await res.json()) as {
    versions?: Record<string, { _npmUser?: { trustedPublisher?: { id: string } } }>;
  };
  return doc.versions?.[version]?._npmUser;
}
