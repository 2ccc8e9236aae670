// Runs the rehearsal block of docs/sandbox.md exactly as written (npx mapped to this checkout's bins), so the
// documented walkthrough cannot rot: a detached sandbox, a simulated GitHub job, a maintainer whose token and
// one-time password set up trust (trust sync --bootstrap), doctor, publish, verify, a read-only install-auth
// install, an untrusted workflow explained by doctor, stop. Run in a package with no `files` list, the
// published tarball must hold that package's own files and nothing of the sandbox's state.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { baseEnv } from './cli-harness.js';
import { REPO_ROOT, SANDBOX_BIN, TRUSTPUB_BIN } from './support/paths.js';
import { runProcess } from './support/processes.js';
import { tempDir } from './support/temp.js';
import { assertNoMintedToken } from './support/tokens.js';

const BINS: Record<string, string> = {
  trustpub: TRUSTPUB_BIN,
  'trustpub-sandbox': SANDBOX_BIN,
};

/** The shell block between the rehearsal markers of a doc page. */
export function rehearsalBlock(markdown: string): string {
  const section = /<!-- rehearsal:start -->\s*```sh\n([\s\S]*?)```\s*<!-- rehearsal:end -->/.exec(
    markdown,
  );
  assert.ok(section?.[1], 'docs/sandbox.md has no rehearsal block');
  return section[1];
}

test('the rehearsal in docs/sandbox.md runs as written', { timeout: 180_000 }, async () => {
  const script = rehearsalBlock(
    fs.readFileSync(path.join(REPO_ROOT, 'docs', 'sandbox.md'), 'utf8'),
  );
  const dir = tempDir('docs-sandbox-');
  // The user's cache directory, where the sandbox keeps its state by default: a fresh one for this run.
  const cache = tempDir('docs-sandbox-cache-');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: '@acme/widget',
        version: '1.0.0',
        main: 'index.js',
        repository: { type: 'git', url: 'git+https://github.com/acme/widget.git' },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(dir, 'index.js'), 'module.exports = 42;\n');
  // `npx <bin>` resolves to this checkout's build of that bin; anything else is a mistake in the doc.
  const prelude = [
    'set -euo pipefail',
    'npx() { case "$1" in',
    ...Object.entries(BINS).map(
      ([name, bin]) => `  ${name}) shift; node ${JSON.stringify(bin)} "$@" ;;`,
    ),
    '  *) echo "docs use an unknown npx command: $1" >&2; return 127 ;;',
    'esac; }',
  ].join('\n');
  const result = await new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn('bash', ['-c', `${prelude}\n${script}`], {
      cwd: dir,
      env: { ...baseEnv(), XDG_CACHE_HOME: cache },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
  // A failed run leaves the detached sandbox behind; stop it whatever happened (stop succeeds when none runs).
  const stateRoot = path.join(cache, 'trustpub-sandbox');
  const states = fs.existsSync(stateRoot) ? fs.readdirSync(stateRoot) : [];
  for (const state of states) {
    await runProcess(
      process.execPath,
      [SANDBOX_BIN, 'stop', '--dir', path.join(stateRoot, state)],
      { cwd: dir, env: baseEnv() },
    );
  }
  // GitHub's mask lines carry the tokens by design; never let an assertion message print them.
  const output = result.output
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  assertNoMintedToken(output);
  assert.equal(result.code, 0, output);
  assert.match(output, /verified\s+@acme\/widget@1\.0\.0/, output);
  assert.match(output, /doctor found the mismatch/, output);
  assert.match(output, /nightly\.yml/, 'the diagnosis names the workflow file that did not match');
  assert.match(output, /trusted publisher created/, output);
  assert.match(output, /added 1 package/, 'the read-only install got the private package');

  // The state lived in the cache directory, one folder for this project, and nowhere in the package.
  assert.equal(states.length, 1, `one state directory for the project: ${states.join(', ')}`);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['index.js', 'package.json']);
  // What the registry stored for 1.0.0 is the package's own files only.
  const tarball = path.join(
    stateRoot,
    states[0] ?? '',
    'storage',
    '@acme',
    'widget',
    'widget-1.0.0.tgz',
  );
  const listed = await runProcess('tar', ['-tzf', tarball], { cwd: dir, env: baseEnv() });
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split('\n').sort(), [
    'package/index.js',
    'package/package.json',
  ]);
});
