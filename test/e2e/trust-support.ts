// Shared by the trust-* suites: runs `trustpub trust ...` in this process with captured io (and an
// optional scripted terminal), writes synthetic workspaces, and reads the sandbox's trust API directly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { createContext, publishPackage } from '@trustpub/core';
import type { Sandbox, UserToken } from '@trustpub/sandbox';
import { runCli, type CliIo } from 'trustpub';
import { tempDir } from './support/temp.js';
import { assertNoMintedToken } from './support/tokens.js';

export const REPO = 'acme/mono';
export const WORKFLOW = 'release.yml';

export interface TrustRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The questions the scripted terminal was asked. */
  asked: string[];
}

/**
 * `trustpub <args>` through the CLI's own dispatcher. `answers` makes it a terminal whose prompt
 * returns them in order (a function is called with the question); `onStdout` sees each write as it
 * happens. Every run's output is checked for every token the sandbox minted.
 */
export async function trustpub(
  args: string[],
  opts: {
    cwd: string;
    env: Record<string, string>;
    answers?: Array<string | ((q: string) => string)>;
    onStdout?: (text: string) => void;
  },
): Promise<TrustRun> {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const answers = opts.answers ? [...opts.answers] : undefined;
  const io: CliIo = {
    env: opts.env,
    cwd: opts.cwd,
    isTTY: answers !== undefined,
    stdout: (t) => {
      stdout += t;
      opts.onStdout?.(t);
    },
    stderr: (t) => void (stderr += t),
    ...(answers
      ? {
          prompt: (q: string) => {
            asked.push(q);
            const a = answers.shift();
            assert.ok(a !== undefined, `unexpected question: ${q}`);
            return Promise.resolve(typeof a === 'function' ? a(q) : a);
          },
        }
      : {}),
  };
  const code = await runCli(args, io);
  assertNoMintedToken(stdout, `trustpub ${args[0]} ${args[1]} stdout`);
  assertNoMintedToken(stderr, `trustpub ${args[0]} ${args[1]} stderr`);
  return { code, stdout, stderr, asked };
}

/** The user's token, and every other token the sandbox minted, must be absent from a run's output. */
export function assertNoToken(run: { stdout: string; stderr: string }, user: UserToken): void {
  assert.ok(!run.stdout.includes(user.token), 'user token in stdout');
  assert.ok(!run.stderr.includes(user.token), 'user token in stderr');
  assertNoMintedToken(run.stdout, 'stdout');
  assertNoMintedToken(run.stderr, 'stderr');
}

/** An npm workspace of `count` packages `@<scope>/pNN`, with the repository on the root only. */
export function writeWorkspace(
  root: string,
  scope: string,
  count: number,
  extra: Record<string, unknown> = {},
): string[] {
  const names: string[] = [];
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify(
      {
        name: `${scope}-root`,
        private: true,
        workspaces: ['packages/*'],
        repository: { type: 'git', url: `git+https://github.com/${REPO}.git` },
        ...extra,
      },
      null,
      2,
    ),
  );
  for (let i = 1; i <= count; i++) {
    const name = `@${scope}/p${String(i).padStart(2, '0')}`;
    names.push(name);
    const dir = path.join(root, 'packages', `p${String(i).padStart(2, '0')}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', license: 'MIT' }, null, 2),
    );
    fs.writeFileSync(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(name)};\n`);
  }
  // A private package is never configured.
  const priv = path.join(root, 'packages', 'internal');
  fs.mkdirSync(priv, { recursive: true });
  fs.writeFileSync(
    path.join(priv, 'package.json'),
    JSON.stringify({ name: `@${scope}/internal`, version: '1.0.0', private: true }),
  );
  return names;
}

/** `GET /-/package/<esc>/trust` with a user token, as the registry answers it. */
export async function listTrust(
  sandbox: Sandbox,
  user: UserToken,
  name: string,
): Promise<Array<Record<string, unknown>>> {
  const esc = name.replace('/', '%2f');
  const res = await request(`${sandbox.registry}-/package/${esc}/trust`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  const body = await res.body.json();
  assert.equal(res.statusCode, 200, `list ${name}: ${JSON.stringify(body)}`);
  return body as Array<Record<string, unknown>>;
}

/** A configuration without its registry id. */
export function withoutId(c: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'id'));
}

/** Trust-API requests the sandbox answered since `from`, as `METHOD status path`. */
export function trustCalls(sandbox: Sandbox, from = 0): string[] {
  return sandbox
    .requests()
    .slice(from)
    .filter((r) => r.server === 'registry' && /\/trust(\/|$)/.test(r.path))
    .map((r) => `${r.method} ${r.status} ${r.path}`);
}

/** What a user running trust commands sets: the user token and a one-time password valid now. */
export function userEnv(user: UserToken): Record<string, string> {
  return { NPM_TOKEN: user.token, NPM_CONFIG_OTP: user.otp() };
}

/**
 * `trust sync --workspaces` to the GitHub workflow WORKFLOW with publishing allowed, against `registry`;
 * `extra` flags come last.
 */
export function syncArgs(registry: string, ...extra: string[]): string[] {
  return [
    'trust',
    'sync',
    '--workspaces',
    '--provider',
    'github',
    '--file',
    WORKFLOW,
    '--allow-publish',
    '--registry',
    registry,
    ...extra,
  ];
}

/** `trust github <name>` for REPO's workflow WORKFLOW with publishing allowed, against `registry`; `extra` last. */
export function githubTrustArgs(name: string, registry: string, ...extra: string[]): string[] {
  return [
    'trust',
    'github',
    name,
    '--file',
    WORKFLOW,
    '--repo',
    REPO,
    '--allow-publish',
    '--registry',
    registry,
    ...extra,
  ];
}

/** A fresh workspace (see writeWorkspace) whose `count` packages all exist on the sandbox (seeded). */
export async function seededWorkspace(
  sandbox: Sandbox,
  prefix: string,
  scope: string,
  count: number,
): Promise<{ root: string; names: string[] }> {
  const root = tempDir(prefix);
  const names = writeWorkspace(root, scope, count);
  for (const n of names) await sandbox.seed(n);
  return { root, names };
}

/** Publishes `dir` through the core as the CI job with `ciEnv`, and asserts it went out token-free (OIDC). */
export async function assertOidcPublish(
  registry: string,
  dir: string,
  ciEnv: Record<string, string>,
): Promise<void> {
  const ctx = createContext({
    env: { PATH: process.env.PATH, ...ciEnv },
    cwd: dir,
    onSecret: () => {},
  });
  try {
    const result = await publishPackage({ dir, registry }, ctx);
    assert.equal(result.status, 'published', JSON.stringify(result));
    assert.equal(result.status === 'published' && result.auth, 'oidc');
  } finally {
    await ctx.dispatcher.close();
  }
}

/** A code for `stepsAgo` TOTP steps in the past: refused now when stepsAgo >= 2. */
export { totp } from '@trustpub/sandbox';
