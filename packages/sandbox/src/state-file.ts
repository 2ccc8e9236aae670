import fs from 'node:fs';
import path from 'node:path';
import { SandboxError } from './sandbox-error.js';

/** The marker the test runner's secret scan recognises a sandbox state directory by. */
export const MARKER_FILE = '.trustpub-sandbox-state';
/** Where a running sandbox describes itself, for the CLI commands that attach to it. */
export const STATE_FILE = 'sandbox.json';

export interface SandboxState {
  registry: string;
  issuer: string;
  dir: string;
  pid: number;
  fulcioUrl: string;
  rekorUrl: string;
  trustedRoot: string;
  adminSecret: string;
}

/**
 * Marks a directory as a sandbox's state and keeps it out of packages and commits: npm, pnpm, yarn and bun
 * all honour a `.npmignore` inside a folder they pack, and git a `.gitignore`. Whatever `--dir` a user
 * picks, even one inside a package without a `files` list, its secrets are never published.
 */
export function writeMarker(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const ignoreAll = '# trustpub sandbox state: never packed, never committed\n*\n';
  fs.writeFileSync(path.join(dir, '.npmignore'), ignoreAll);
  fs.writeFileSync(path.join(dir, '.gitignore'), ignoreAll);
  fs.writeFileSync(
    path.join(dir, MARKER_FILE),
    'trustpub sandbox state: the registry database, not client output\n',
  );
}

export function writeState(dir: string, state: SandboxState): void {
  const file = path.join(dir, STATE_FILE);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** A file of the state directory, or undefined when there is none; any other read failure is thrown. */
export function readIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The state of the sandbox running from `dir`; a clear error when there is none. */
export function readState(dir: string): SandboxState {
  const file = path.join(dir, STATE_FILE);
  const text = readIfPresent(file);
  if (text === undefined) {
    throw new SandboxError(
      `No sandbox is running from ${dir} (no ${STATE_FILE} there)`,
      'Start one with `trustpub-sandbox start --detach`, or pass the --dir it was started with.',
    );
  }
  return parseState(text, file);
}

/** The state file's content; a file that is not the sandbox's JSON is an error that names it. */
export function parseState(text: string, file: string): SandboxState {
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (error) {
    throw new SandboxError(
      `${file} is corrupt (${(error as Error).message})`,
      'Stop any sandbox still running from this directory (its pid is in the file), then delete the file.',
    );
  }
  const s = state as Partial<SandboxState> | null;
  if (!s || typeof s.registry !== 'string' || typeof s.pid !== 'number' || !s.adminSecret) {
    throw new SandboxError(
      `${file} is not a sandbox state file (registry, pid or admin secret missing)`,
      'Delete the file, or pass the --dir of a sandbox started by trustpub-sandbox.',
    );
  }
  return s as SandboxState;
}

export function removeState(dir: string): void {
  fs.rmSync(path.join(dir, STATE_FILE), { force: true });
}
