// Shared set-up for the semantic-release suites (test/e2e/semantic-release-*.test.ts): a temporary git
// repository with a local bare remote, the real semantic-release (25, or 24 through its alias) run
// through its JS API with captured output, and the checks every run gets (no minted token in output).
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import semanticRelease25 from 'semantic-release';
import type { Sandbox } from '@trustpub/sandbox';
import {
  commitAll,
  createRepo as createGitRepo,
  git,
  writeFiles,
  type Repo,
} from './support/git.js';
import { assertNoMintedToken } from './support/tokens.js';

/** A work tree on `main` with the given files committed and pushed to a fresh bare remote. */
export function createRepo(
  files: Record<string, string | object>,
  message = 'chore: initial commit',
): Promise<Repo> {
  return createGitRepo(files, { prefix: 'tp-semrel-', message });
}

/** Writes `files`, then commits everything (an empty commit when nothing changed); does not push. */
export async function commit(
  dir: string,
  message: string,
  files: Record<string, string | object> = {},
): Promise<void> {
  await writeFiles(dir, files);
  await commitAll(dir, message);
}

/** Pushes the current branch to `origin`. */
export async function push(dir: string): Promise<void> {
  await git(dir, 'push', '--quiet', 'origin', 'HEAD');
}

/** Commits `message` (an empty commit is enough for the commit analyzer) and pushes it: the next CI run's input. */
export async function commitAndPush(dir: string, message: string): Promise<void> {
  await commit(dir, message);
  await push(dir);
}

/** Seeds `name` at 0.0.1 (the admin's first publish) and trusts `repoSlug`'s GitHub `workflow` for it. */
export async function seedAndTrust(
  sandbox: Sandbox,
  name: string,
  repoSlug: string,
  workflow = 'release.yml',
): Promise<void> {
  await sandbox.seed(name, '0.0.1');
  await sandbox.setTrust(name, {
    type: 'github',
    claims: { repository: repoSlug, workflow_ref: { file: workflow } },
  });
}

/** Tags in the bare remote (what semantic-release pushed). */
export async function remoteTags(repo: Repo): Promise<string[]> {
  const out = await git(repo.remote, 'tag', '--list');
  return out ? out.split('\n') : [];
}

export const readJson = async (file: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export type ReleaseError = Error & { code?: string; details?: string };

export interface ReleaseRun {
  /** What semantic-release resolved to (false: no release). */
  result: unknown;
  /** The error it threw, if any. */
  error: (ReleaseError & { errors?: ReleaseError[] }) | undefined;
  /** stdout + stderr without the `::add-mask::` lines (safe to print in assertion messages). */
  output: string;
  /** How many `::add-mask::` lines the run printed. */
  maskLines: number;
}

/** Held in a variable so TypeScript does not read the alias's typings (they declare "semantic-release"). */
const SEMANTIC_RELEASE_24: string = 'semantic-release-24';

const PLUGINS = ['@semantic-release/commit-analyzer', '@semantic-release/release-notes-generator'];

/**
 * One semantic-release run in `repo` with this plugin, as a CI job with `env` would run it. Plugins
 * are commit-analyzer, release-notes-generator and @trustpub/semantic-release (no GitHub plugin).
 */
export async function releaseWith(
  repo: Repo,
  env: Record<string, string>,
  pluginOptions: Record<string, unknown> = {},
  options: { branches?: unknown[]; version?: 24 | 25 } = {},
): Promise<ReleaseRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  type SemanticRelease = (
    opts: Record<string, unknown>,
    config: Record<string, unknown>,
  ) => Promise<unknown>;
  // semantic-release-24 is the npm alias of 24.2.9; its typings declare the module "semantic-release",
  // so it is loaded untyped.
  const semanticRelease =
    options.version === 24
      ? ((await import(SEMANTIC_RELEASE_24)) as { default: SemanticRelease }).default
      : (semanticRelease25 as unknown as SemanticRelease);
  let result: unknown;
  let error: ReleaseRun['error'];
  try {
    result = await semanticRelease(
      {
        branches: options.branches ?? ['main'],
        // A file: URL (not a bare path): release-notes-generator builds links from it with new URL().
        repositoryUrl: pathToFileURL(repo.remote).href,
        plugins: [...PLUGINS, ['@trustpub/semantic-release', pluginOptions]],
      },
      {
        cwd: repo.dir,
        env: { ...(process.env as Record<string, string>), ...env, CI: 'true' },
        stdout,
        stderr,
      },
    );
  } catch (e) {
    error = e as ReleaseRun['error'];
  }
  const all = `${stdout.text}\n${stderr.text}`;
  assertNoMintedToken(all, 'the release output');
  const lines = all.split('\n');
  const output = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
  return { result, error, output, maskLines: lines.length - output.split('\n').length };
}

/** The codes of the semantic-release errors of a failed run. */
export function errorCodes(run: ReleaseRun): string[] {
  const errors = run.error?.errors ?? (run.error ? [run.error] : []);
  return errors.map((e) => (e as { code?: string }).code ?? 'none');
}

/**
 * A package.json for a fixture package whose repository matches the simulated CI repository
 * (`repo` is `owner/name` on github.com, or a full URL).
 */
export function manifest(
  name: string,
  version: string,
  repo: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const url = repo.includes('://') ? repo : `https://github.com/${repo}`;
  return {
    name,
    version,
    description: `fixture ${name}`,
    license: 'MIT',
    repository: { type: 'git', url: `git+${url}.git` },
    ...extra,
  };
}

/**
 * A repository of one public package `name` at 0.0.0-development (semantic-release writes the version),
 * its repository field `repoSlug`, with more `files` beside it.
 */
export function createPackageRepo(
  name: string,
  repoSlug: string,
  files: Record<string, string | object> = {},
): Promise<Repo> {
  return createRepo({
    'package.json': manifest(name, '0.0.0-development', repoSlug, {
      publishConfig: { access: 'public' },
    }),
    ...files,
  });
}

/** The parts of a packument the suites read. */
export interface Packument {
  'dist-tags': Record<string, string>;
  versions: Record<
    string,
    {
      dependencies?: Record<string, string>;
      dist: { integrity: string; attestations?: { url: string } };
    }
  >;
}

/** The parts of an in-toto provenance statement the suites read. */
export interface ProvenanceStatement {
  predicateType: string;
  subject: { name: string }[];
  predicate: { buildDefinition?: { externalParameters?: { workflow?: { repository?: string } } } };
}

/** The package document as the registry serves it to an anonymous reader. */
export async function packument(registry: string, name: string): Promise<Packument | undefined> {
  const res = await fetch(new URL(name.replace('/', '%2f'), registry));
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`packument of ${name}: HTTP ${res.status}`);
  return (await res.json()) as Packument;
}

/** The in-toto statement of the SLSA provenance attestation the registry serves for name@version. */
export async function provenanceStatement(
  registry: string,
  name: string,
  version: string,
): Promise<ProvenanceStatement> {
  const res = await fetch(
    new URL(`-/npm/v1/attestations/${name.replace('/', '%2f')}@${version}`, registry),
  );
  if (res.status !== 200) throw new Error(`attestations of ${name}@${version}: HTTP ${res.status}`);
  const body = (await res.json()) as {
    attestations: { predicateType: string; bundle: { dsseEnvelope: { payload: string } } }[];
  };
  const entry = body.attestations.find((a) =>
    a.predicateType.startsWith('https://slsa.dev/provenance/'),
  );
  if (!entry) throw new Error(`no SLSA provenance attestation for ${name}@${version}`);
  return JSON.parse(
    Buffer.from(entry.bundle.dsseEnvelope.payload, 'base64').toString('utf8'),
  ) as ProvenanceStatement;
}

/** The plugin's entry in semantic-release's result. */
export function pluginRelease(run: ReleaseRun): Record<string, unknown> | undefined {
  const releases =
    (run.result as { releases?: Record<string, unknown>[] } | false | undefined) || undefined;
  return releases?.releases?.find((r) => r.pluginName === '@trustpub/semantic-release');
}

/** The version semantic-release released in this run (undefined: no release). */
export function releasedVersion(run: ReleaseRun): string | undefined {
  const result = run.result as { nextRelease?: { version: string } } | false | undefined;
  return result ? result.nextRelease?.version : undefined;
}
