// Where things are in this repository, seen from the compiled tests (test/dist/e2e/support/*.js), so a
// suite never counts `..` segments itself.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: four levels above test/dist/e2e/support. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The pinned, unmodified npm CLI (node_modules/npm), run with `node`. */
export const NPM_CLI = path.join(REPO_ROOT, 'node_modules', 'npm', 'bin', 'npm-cli.js');

/** The `trustpub` bin as npm links it: the committed launcher, which runs the CLI's bundle. */
export const TRUSTPUB_BIN = path.join(REPO_ROOT, 'packages', 'cli', 'bin', 'trustpub.js');

/** The built `trustpub-sandbox` bin. */
export const SANDBOX_BIN = path.join(REPO_ROOT, 'packages', 'sandbox', 'dist', 'bin.js');
