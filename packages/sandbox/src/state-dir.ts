import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Names the sandbox's state directory for the CLI commands that do not get `--dir`. */
export const STATE_DIR_VARIABLE = 'TRUSTPUB_SANDBOX_DIR';

/** The nearest directory at or above `cwd` holding a package.json (the project), else `cwd`. */
function projectRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(cwd);
    dir = up;
  }
}

/** The user's cache directory, where tools keep what can be rebuilt. */
function userCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return env.LOCALAPPDATA;
  return path.join(os.homedir(), '.cache');
}

/**
 * Where the CLI keeps a sandbox's state when no `--dir` is given: `$TRUSTPUB_SANDBOX_DIR` (which `env`
 * prints, so later commands in that shell find the same sandbox from any directory), else a directory in
 * the user's cache named after the project. Never inside the project: the state holds the sandbox's admin
 * secret, its Fulcio CA key and its token database, and a package without a `files` list would pack it.
 */
export function defaultStateDir(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = env[STATE_DIR_VARIABLE];
  if (given) return path.resolve(cwd, given);
  const root = projectRoot(cwd);
  const key = crypto.createHash('sha256').update(root).digest('hex').slice(0, 12);
  const name = path.basename(root).replace(/[^\w.-]/g, '_') || 'root';
  return path.join(userCacheDir(env), 'trustpub-sandbox', `${name}-${key}`);
}
