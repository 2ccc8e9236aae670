import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createContext, type Logger } from '../kernel/index.js';
import { runLifecycle } from './lifecycle.js';

const repoBin = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../node_modules/.bin',
);

test("npm's warnings about the user's .npmrc do not reach trustpub's output; the script's own lines do", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lifecycle-npmrc-'));
  // An option npm no longer knows, common in older .npmrc files: every npm run prints a warning about it.
  const userconfig = path.join(dir, 'user.npmrc');
  await writeFile(userconfig, 'always-auth=true\n');
  const manifest = {
    name: 'scripted',
    version: '1.0.0',
    scripts: {
      prepack: 'npm run build',
      // A script's own warning-looking line is its output: it stays.
      build:
        "node -e \"console.log('built it'); console.error('npm warn from the script itself')\"",
    },
  };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
  const lines: string[] = [];
  const debug: string[] = [];
  const log = (line: string) => lines.push(line);
  const logger: Logger = { debug: (l) => debug.push(l), info: log, warn: log, error: log };
  const ctx = createContext({
    env: {
      ...process.env,
      PATH: `${repoBin}${path.delimiter}${process.env.PATH ?? ''}`,
      NPM_CONFIG_USERCONFIG: userconfig,
      npm_config_userconfig: userconfig,
    },
    logger,
    cwd: dir,
  });
  await runLifecycle(dir, 'prepack', manifest, ctx);
  const out = lines.join('\n');
  assert.match(out, /built it/);
  assert.match(out, /npm warn from the script itself/);
  assert.doesNotMatch(out, /always-auth/, out);
  // Not lost: kept for --debug.
  assert.match(debug.join('\n'), /Unknown user config "always-auth"/);
});
