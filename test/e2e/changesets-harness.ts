// Shared set-up for the changesets suites (test/e2e/changesets-*.test.ts): a temporary git repository
// with a local bare remote, the real @changesets/cli 3 or 2 spawned as a process, changeset-oidc
// spawned as a process (its bin), registry reads, and the token check every run gets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sandbox } from '@trustpub/sandbox';
import { commitAll, createRepo as createGitRepo, git, type Repo } from './support/git.js';
import { REPO_ROOT } from './support/paths.js';
import { runNode, type ProcessRun } from './support/processes.js';
import { assertNoMintedToken } from './support/tokens.js';

export const CHANGESET_BIN = {
  3: path.join(REPO_ROOT, 'node_modules/@changesets/cli/bin.js'),
  2: path.join(REPO_ROOT, 'node_modules/changesets-cli-2/bin.js'),
} as const;
export const CHANGESET_OIDC_BIN = path.join(REPO_ROOT, 'packages/changesets/dist/bin.js');

/** changesets/action v1's (and @changesets/release-utils') expression for published packages in stdout. */
export const ACTION_V1_NEW_TAG = /New tag:\s+(@[^/]+\/[^@]+|[^/]+)@([^\s]+)/;

/** A work tree on `main` with `files` committed and pushed to a fresh bare `origin` (under `parent`, default the temp dir). */
export function createRepo(
  files: Record<string, string | object>,
  parent = os.tmpdir(),
): Promise<Repo> {
  return createGitRepo(files, { prefix: 'tp-changesets-', message: 'initial', parent });
}

/** The real changesets CLI of the given major. */
export async function changeset(
  major: 2 | 3,
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ProcessRun> {
  const run = await runNode(CHANGESET_BIN[major], args, { cwd, env });
  if (run.code !== 0)
    throw new Error(
      `changeset ${args.join(' ')} (v${major}) exited ${run.code}\n${run.stdout}\n${run.stderr}`,
    );
  return run;
}

/** `changeset-oidc ...args`, its output checked for every token the sandbox minted. */
export async function changesetOidc(
  cwd: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<ProcessRun> {
  const run = await runNode(CHANGESET_OIDC_BIN, args, { cwd, env });
  assertNoMintedToken(`${run.stdout}\n${run.stderr}`);
  return run;
}

/** The packument as an anonymous client reads it. */
export async function packument(sandbox: Sandbox, name: string): Promise<Packument> {
  const res = await fetch(new URL(name.replace('/', '%2f'), sandbox.registry));
  if (res.status !== 200) throw new Error(`GET ${name}: ${res.status}`);
  return (await res.json()) as Packument;
}

export interface Packument {
  'dist-tags': Record<string, string>;
  versions: Record<
    string,
    Record<string, unknown> & {
      dist: { attestations?: { url: string; provenance?: { predicateType: string } } };
    }
  >;
}

/** Seeds each package (the admin's first publish) and trusts the given GitHub workflow for it. */
export async function seedAndTrust(
  sandbox: Sandbox,
  names: readonly string[],
  repo = 'acme/widgets',
  workflow = 'release.yml',
): Promise<void> {
  for (const name of names) {
    await sandbox.seed(name, '0.0.1', {
      repository: { type: 'git', url: `git+https://github.com/${repo}.git` },
    });
    await sandbox.setTrust(name, {
      type: 'github',
      claims: { repository: repo, workflow_ref: { file: workflow } },
    });
  }
}

/** The environment of the GitHub Actions job seedAndTrust trusts by default (acme/widgets, release.yml). */
export function trustedJobEnv(sandbox: Sandbox): Promise<Record<string, string>> {
  return sandbox.ciEnv('github', { repo: 'acme/widgets', workflow: 'release.yml' });
}

/** `changeset version` with the given major, committed as `message` (what changesets/action commits). */
export async function versionPackages(
  major: 2 | 3,
  dir: string,
  message = 'Version Packages',
): Promise<void> {
  await changeset(major, dir, ['version']);
  await commitAll(dir, message);
}

/** A workspace package manifest whose repository matches the simulated CI repository. */
export function pkg(
  name: string,
  version: string,
  extra: Record<string, unknown> = {},
  repo = 'acme/widgets',
): Record<string, unknown> {
  return {
    name,
    version,
    license: 'MIT',
    repository: { type: 'git', url: `git+https://github.com/${repo}.git` },
    ...extra,
  };
}

/**
 * The root of an npm workspace (`packages/*`): its package.json and the lockfile by which @manypkg (and
 * so changesets) recognises an npm workspace root.
 */
export function npmWorkspaceRoot(): Record<string, object> {
  return {
    'package.json': { name: 'root', private: true, workspaces: ['packages/*'] },
    'package-lock.json': { name: 'root', lockfileVersion: 3, requires: true, packages: {} },
  };
}

/** `.changeset/config.json` without changelog or commit (no extra modules to resolve). */
export function changesetsConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: 'https://unpkg.com/@changesets/config/schema.json',
    changelog: false,
    commit: false,
    baseBranch: 'main',
    updateInternalDependencies: 'patch',
    ...extra,
  };
}

/** Tags of the work tree, sorted. */
export async function localTags(dir: string): Promise<string[]> {
  const out = await git(dir, 'tag', '--list');
  return out ? out.split('\n').sort() : [];
}

/** The `{name, version}` pairs changesets/action v1 would read from stdout. */
export function actionV1Packages(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => ACTION_V1_NEW_TAG.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}@${m[2]}`)
    .sort();
}

/** The NDJSON events of a changesets output file. */
export function readNdjson(file: string): Record<string, unknown>[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A package.json of the work tree, read back (what `changeset version` wrote). */
export function readManifestAt(
  dir: string,
  rel: string,
): { version: string; dependencies?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(dir, rel, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
}
