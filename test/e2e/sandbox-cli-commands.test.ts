// The rehearsal commands of trustpub-sandbox, each in its own process as a user runs them: --version, an
// idempotent stop, the default state directory (the user's cache, never the project), user/otp/token, and
// env switching providers in one shell without leaving the other provider's variables behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, SANDBOX_BIN } from './support/paths.js';
import { runNode, runProcess } from './support/processes.js';
import { tempDir } from './support/temp.js';
import { assertNoMintedToken } from './support/tokens.js';

const cache = tempDir('cli-cache-');
const project = tempDir('cli-project-');
/** Every command runs in the project with a fresh cache directory and no state dir variable. */
const cli = (args: string[], cwd = project) =>
  runNode(SANDBOX_BIN, args, {
    cwd,
    env: { XDG_CACHE_HOME: cache, TRUSTPUB_SANDBOX_DIR: undefined },
  });
let state: { dir: string; registry: string };

before(async () => {
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'cli-project', version: '1.0.0' }),
  );
  const started = await cli(['start', '--detach', '--json']);
  assert.equal(started.code, 0, started.stderr);
  state = JSON.parse(started.stdout) as typeof state;
});
after(async () => {
  await cli(['stop']);
});

test('--version prints the package version', async () => {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'packages', 'sandbox', 'package.json'), 'utf8'),
  ) as { version: string };
  const run = await cli(['--version']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${manifest.version}\n`);
});

test('the default state directory is in the cache, named after the project, with its ignore files', () => {
  assert.equal(path.dirname(state.dir), path.join(cache, 'trustpub-sandbox'));
  assert.match(path.basename(state.dir), new RegExp(`^${path.basename(project)}-[0-9a-f]{12}$`));
  assert.deepEqual(fs.readdirSync(project), ['package.json'], 'nothing written into the project');
  for (const file of ['.npmignore', '.gitignore'])
    assert.match(fs.readFileSync(path.join(state.dir, file), 'utf8'), /^\*$/m, file);
});

test('stop with nothing running says so and succeeds', async () => {
  const run = await cli(['stop', '--dir', tempDir('cli-none-')]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^no sandbox was running from /);
});

test('user, otp from another process, and token --read-only work against the running sandbox', async () => {
  await cli(['seed', '@acme/cli-user']);
  const user = await cli(['user']);
  assert.equal(user.code, 0, user.stderr);
  assertNoMintedToken(user.stderr, 'user (stderr)');
  const exported = /^export NPM_TOKEN=(\S+)\n$/.exec(user.stdout);
  assert.ok(exported, 'user prints one export NPM_TOKEN line');
  const token = exported[1] ?? '';
  assert.match(user.stderr, /trustpub-sandbox otp/);
  const otp = await cli(['otp']);
  assert.equal(otp.code, 0, otp.stderr);
  assert.match(otp.stdout, /^\d{6}\n$/);
  // The maintainer's token and that code set a trusted publisher through the trust API.
  const created = await fetch(`${state.registry}-/package/@acme%2fcli-user/trust`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'npm-otp': otp.stdout.trim() },
    body: JSON.stringify([
      { type: 'github', claims: { repository: 'acme/x', workflow_ref: { file: 'r.yml' } } },
    ]),
  });
  assert.equal(created.status, 200);
  // Without a code the change is refused with npmjs's OTP challenge.
  const noOtp = await fetch(`${state.registry}-/package/@acme%2fcli-user/trust`, {
    method: 'GET',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(noOtp.status, 200);

  const json = await cli(['user', '--web-auth', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { token: string; otpSecret: string; webAuth: boolean };
  assert.equal(parsed.webAuth, true);
  assert.equal(typeof parsed.token, 'string');

  const read = await cli(['token', '--read-only']);
  assert.equal(read.code, 0, read.stderr);
  const readToken = read.stdout.trim();
  const write = await fetch(`${state.registry}-/package/@acme%2fcli-user/dist-tags/next`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${readToken}`, 'content-type': 'application/json' },
    body: '"0.0.1"',
  });
  assert.equal(write.status, 403, 'a read-only token writes nothing');
  const noFlag = await cli(['token']);
  assert.equal(noFlag.code, 1);
  assert.match(noFlag.stderr, /--read-only/);
});

test('otp without a user in the state directory names the fix', async () => {
  const run = await cli(['otp', '--dir', tempDir('cli-nouser-')]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /No sandbox user in .*\n {2}fix: .*trustpub-sandbox user/);
});

test('env github then env gitlab in one shell: no GitHub variable is left, and later commands find the sandbox', async () => {
  const script = [
    'set -euo pipefail',
    `sb() { node ${JSON.stringify(SANDBOX_BIN)} "$@"; }`,
    'eval "$(sb env github --repo acme/x --workflow r.yml)"',
    'test -n "$ACTIONS_ID_TOKEN_REQUEST_URL"',
    'eval "$(sb env gitlab --project acme/x)"',
    'env | cut -d= -f1 | grep -E "^(GITHUB_|ACTIONS_|RUNNER_)" || echo "no github variables"',
    'echo "gitlab=$GITLAB_CI registry=$pnpm_config_registry"',
    // From another directory, with no --dir: TRUSTPUB_SANDBOX_DIR names this sandbox.
    `cd ${JSON.stringify(tempDir('cli-elsewhere-'))} && sb otp > /dev/null && echo "found the sandbox"`,
  ].join('\n');
  const run = await runProcess('bash', ['-c', script], {
    cwd: project,
    env: { ...process.env, XDG_CACHE_HOME: cache },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^no github variables$/m);
  assert.match(run.stdout, new RegExp(`^gitlab=true registry=${state.registry}$`, 'm'));
  assert.match(run.stdout, /^found the sandbox$/m);
});
