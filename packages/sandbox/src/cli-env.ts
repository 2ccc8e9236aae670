import path from 'node:path';
import { variablesToUnset } from './provider-variables.js';
import { STATE_DIR_VARIABLE } from './state-dir.js';

/** Shell-quotes a value for an `export` line. */
export function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * What `env` prints: `unset` for the variables of other jobs this one does not have, then `export` lines
 * for the job, the clients' registry settings and the state dir (so later `trustpub-sandbox` commands in
 * this shell find this sandbox from any directory). `--json` prints only the job's variables.
 */
export function envCommand(env: Record<string, string>, dir: string, json: boolean): string {
  if (json) return `${JSON.stringify(env)}\n`;
  const unset = variablesToUnset(env);
  const lines = [
    ...(unset.length ? [`unset ${unset.join(' ')}`] : []),
    ...Object.entries(env).map(([k, v]) =>
      // PATH gains the sandbox's tool directory in front of the shell's own PATH, not the sandbox's.
      k === 'PATH'
        ? `export PATH=${quote(v.split(path.delimiter)[0] ?? '')}${path.delimiter}"$PATH"`
        : `export ${k}=${quote(v)}`,
    ),
    `export ${STATE_DIR_VARIABLE}=${quote(dir)}`,
  ];
  return `${lines.join('\n')}\n`;
}
