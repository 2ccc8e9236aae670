// Runs the rehearsal block of docs/sandbox.md exactly as written (npx mapped to this checkout's bins), so the
// documented walkthrough cannot rot: a detached sandbox, seed, trust, a simulated GitHub job, doctor, publish,
// verify, an untrusted workflow explained by doctor, stop.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { baseEnv } from './cli-harness.js';
import { REPO_ROOT, SANDBOX_BIN, TRUSTPUB_BIN } from './support/paths.js';
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
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
  // A failed run leaves the detached sandbox behind; stop it whatever happened.
  if (fs.existsSync(path.join(dir, '.trustpub-sandbox'))) {
    await new Promise((resolve) =>
      spawn(process.execPath, [BINS['trustpub-sandbox'] as string, 'stop'], {
        cwd: dir,
        env: baseEnv(),
        stdio: 'ignore',
      }).on('close', resolve),
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
});
