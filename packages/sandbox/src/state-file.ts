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

export function writeMarker(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
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

/** The state of the sandbox running from `dir`; a clear error when there is none. */
export function readState(dir: string): SandboxState {
  const file = path.join(dir, STATE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new SandboxError(
      `No sandbox is running from ${dir} (no ${STATE_FILE} there)`,
      'Start one with `trustpub-sandbox start --detach`, or pass the --dir it was started with.',
    );
  }
  return JSON.parse(text) as SandboxState;
}

export function removeState(dir: string): void {
  fs.rmSync(path.join(dir, STATE_FILE), { force: true });
}
