// Temporary git repositories with a local bare `origin`, for the release suites (semantic-release and
// changesets read tags and push to a remote). git runs asynchronously: the sandbox answers on this
// process's event loop, so execFileSync would deadlock a test that talks to it.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** `git ...args` in `cwd`; its stdout, trimmed. Rejects when git exits non-zero. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, env: process.env });
  return stdout.trim();
}

/** A work tree and the bare repository it pushes to as `origin`. */
export interface Repo {
  dir: string;
  remote: string;
}

/** Writes files below `dir` (creating folders); an object is written as pretty JSON with a newline. */
export async function writeFiles(
  dir: string,
  files: Record<string, string | object>,
): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
    );
  }
}

/** Stages everything and commits it (an empty commit when nothing changed). */
export async function commitAll(dir: string, message: string): Promise<void> {
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
}

/**
 * A work tree on `main` with `files` committed as `message` and pushed to a fresh bare `origin`, both in
 * a new `<prefix>*` directory under `parent` (default the run's temp dir).
 */
export async function createRepo(
  files: Record<string, string | object>,
  opts: { prefix: string; message: string; parent?: string },
): Promise<Repo> {
  const base = await mkdtemp(path.join(opts.parent ?? os.tmpdir(), opts.prefix));
  const remote = path.join(base, 'remote.git');
  const dir = path.join(base, 'work');
  await mkdir(dir);
  await git(base, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  await git(dir, 'remote', 'add', 'origin', remote);
  await writeFiles(dir, files);
  await commitAll(dir, opts.message);
  await git(dir, 'push', '--quiet', '-u', 'origin', 'main');
  return { dir, remote };
}
