// A sandbox state directory inside a package (a user's `--dir`), even one without a `files` list, is never
// packed: npm, pnpm 10/11/12, yarn 4 and bun all skip it, because the sandbox writes `.npmignore` and
// `.gitignore` files that exclude all of it, and git does not see it. The state holds the sandbox's admin
// secret, Fulcio CA key, users and tokens.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLIENTS } from './sandbox-clients-helper.js';
import { REPO_ROOT } from './support/paths.js';
import { runProcess } from './support/processes.js';
import { useSandbox } from './support/sandbox.js';
import { tempDir } from './support/temp.js';

const pkg = tempDir('state-in-pkg-');
// A running sandbox whose state, tarballs included, is inside the package.
const sandbox = useSandbox(
  { dir: path.join(pkg, '.sandbox') },
  {
    setUp: async () => {
      fs.writeFileSync(
        path.join(pkg, 'package.json'),
        JSON.stringify({ name: 'state-in-pkg', version: '1.0.0', license: 'MIT' }),
      );
      fs.writeFileSync(path.join(pkg, 'index.js'), 'export const x = 1;\n');
      await sandbox.seed('@acme/in-state', '1.0.0');
    },
  },
);

/** A client's pack listing, from an empty HOME, with the registry pinned to a dead loopback port. */
const pack = async (command: string): Promise<string> => {
  const home = tempDir('pack-home-');
  const run = await runProcess('bash', ['-c', command], {
    cwd: pkg,
    env: {
      PATH: `${path.join(REPO_ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
      TRUSTPUB_NET_GUARD_LOG: process.env.TRUSTPUB_NET_GUARD_LOG ?? '',
      npm_config_registry: 'http://127.0.0.1:9/',
      pnpm_config_registry: 'http://127.0.0.1:9/',
      YARN_NPM_REGISTRY_SERVER: 'http://127.0.0.1:9/',
      YARN_ENABLE_TELEMETRY: '0',
      BUN_CONFIG_REGISTRY: 'http://127.0.0.1:9/',
    },
  });
  assert.equal(run.code, 0, `${command}\n${run.stderr}`);
  return `${run.stdout}\n${run.stderr}`;
};

test('the state directory holds secrets and tarballs, and its ignore files', () => {
  for (const file of ['.npmignore', '.gitignore', 'htpasswd', 'sandbox.json', 'sigstore-keys.json'])
    assert.ok(fs.existsSync(path.join(pkg, '.sandbox', file)), file);
});

const packers: Array<[string, string]> = [
  ['npm', `${CLIENTS.npm} pack --dry-run --json`],
  ['pnpm 10', `${CLIENTS.pnpm10} pack --dry-run`],
  ['pnpm 11', `${CLIENTS.pnpm11} pack --dry-run`],
  ['pnpm 12', `${CLIENTS.pnpm12} pack --dry-run`],
  ['bun', 'bun pm pack --dry-run'],
];
for (const [name, command] of packers) {
  test(`${name} packs the package's files and nothing of the state`, async () => {
    const listing = await pack(command);
    assert.match(listing, /index\.js/, listing);
    assert.doesNotMatch(listing, /\.sandbox|htpasswd|sigstore-keys|sandbox\.json/, listing);
  });
}

test("yarn 4 packs the package's files and nothing of the state", async () => {
  const listing = await pack(
    `touch yarn.lock && YARN_ENABLE_IMMUTABLE_INSTALLS=false ${CLIENTS.yarn} install > /dev/null && ${CLIENTS.yarn} pack --dry-run`,
  );
  assert.match(listing, /index\.js/, listing);
  assert.doesNotMatch(listing, /\.sandbox|htpasswd|sigstore-keys|sandbox\.json/, listing);
});

test('git does not see the state directory', async () => {
  const git = (args: string[]) => runProcess('git', args, { cwd: pkg, env: process.env });
  assert.equal((await git(['init', '-q'])).code, 0);
  const status = await git(['status', '--porcelain', '--untracked-files=all']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /index\.js/);
  assert.doesNotMatch(status.stdout, /\.sandbox/);
});
