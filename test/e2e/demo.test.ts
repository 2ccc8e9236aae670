// `npm run demo` as a user runs it: the built demo as a child process (its sandbox lives inside it),
// checked from the outside: exit 0, every step ok in the summary, the refused workflow diagnosed, no
// minted token in its output, nothing left in its temp directory.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './support/paths.js';
import { runProcess, type ProcessRun } from './support/processes.js';
import { tempDir } from './support/temp.js';
import { readMintedLog } from './support/tokens.js';

const DEMO = path.join(REPO_ROOT, 'test', 'dist', 'demo', 'run-demo.js');

const STEPS = [
  'Start the sandbox',
  'Create the example monorepo',
  'Trust GitHub Actions (bootstrap)',
  'Release 1.0.0 from GitHub Actions',
  'Untrusted workflow is refused',
  'Move trust to GitLab CI',
  'Release next versions from GitLab CI',
  'Install with a read-only token',
  'Verify integrity and provenance',
  'Clean up',
];

/** `node run-demo.js` from the repository root with exactly `env`. */
function runDemo(env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return runProcess(process.execPath, [DEMO], { cwd: REPO_ROOT, env });
}

/** The summary table's rows as { title, result }, matched against the known step titles. */
function summaryRows(stdout: string): Array<{ title: string; result: string }> {
  const summary = stdout.slice(stdout.lastIndexOf('\nSummary '));
  return summary
    .split('\n')
    .map((line) =>
      /^(\d+)\s{2,}(.+?)\s{2,}(.+?)\s{2,}((?:ok|FAILED|not run).*?)\s{2,}\d+\.\d s$/.exec(line),
    )
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ title: m[2] as string, result: m[4] as string }));
}

test('npm run demo: every step ok, the untrusted workflow diagnosed, no token printed, nothing left behind', async () => {
  // A temp directory of its own, so "nothing left behind" means: empty afterwards.
  const tmp = tempDir('demo-test-');
  const mintedLog =
    process.env.TRUSTPUB_SANDBOX_MINTED_LOG ??
    path.join(tmp, '..', `${path.basename(tmp)}-minted.log`);
  const before = readMintedLog(mintedLog).length;

  const run = await runDemo({
    ...process.env,
    TMPDIR: tmp,
    TRUSTPUB_SANDBOX_MINTED_LOG: mintedLog,
  });
  const all = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.code, 0, all);

  const rows = summaryRows(run.stdout);
  assert.deepEqual(
    rows.map((r) => r.title),
    STEPS,
    `summary table:\n${run.stdout.slice(run.stdout.lastIndexOf('Summary'))}`,
  );
  for (const row of rows) assert.match(row.result, /^ok: /, `step "${row.title}": ${row.result}`);
  assert.match(run.stdout, /All 10 steps did what they should/);

  // The failure on purpose: refused, and the diagnosis names the untrusted workflow and the fix.
  const failure = run.stdout.slice(
    run.stdout.indexOf('Step 5/10'),
    run.stdout.indexOf('Step 6/10'),
  );
  assert.match(failure, /EXCHANGE_NO_TRUSTED_PUBLISHER \[@acme-demo\/core\]/);
  assert.match(
    failure,
    /workflow_ref: acme-demo\/monorepo\/\.github\/workflows\/nightly\.yml@refs\/heads\/main/,
  );
  assert.match(
    failure,
    /trustpub trust github @acme-demo\/core --repo acme-demo\/monorepo --file nightly\.yml/,
  );
  assert.match(failure, /nothing was uploaded/);

  // The releases really happened on both providers (quoted tool lines, checked by the demo against the registry).
  assert.match(
    run.stdout,
    /\[3\/3\] published @acme-demo\/cli@1\.0\.0 \(tag latest, with provenance\)/,
  );
  assert.match(run.stdout, /New tag:\s+@acme-demo\/core@1\.1\.0/);
  assert.match(run.stdout, /cli@1\.0\.1 -> client@1\.0\.1 -> core@1\.1\.0 -> billing@1\.2\.0/);
  assert.match(
    run.stdout,
    /@acme-demo\/core@1\.1\.0\s+https:\/\/gitlab\.com\/acme-demo\/monorepo \.gitlab-ci\.yml/,
  );

  // No minted token anywhere in what the demo printed (the demo's sandbox appended to the same log).
  const tokens = readMintedLog(mintedLog).slice(before);
  assert.ok(
    tokens.length >= 10,
    `the demo's sandbox minted ${tokens.length} tokens: the check below would be empty`,
  );
  for (const token of tokens)
    assert.ok(
      !all.includes(token),
      `a minted token (${token.slice(0, 6)}...) appears in the demo's output`,
    );

  // Its temp directory (work trees, sandbox state, npm cache) is gone, and nothing else was left.
  const base = /Everything happens in (\S+) \(removed at the end\)/.exec(run.stdout)?.[1];
  assert.ok(base, 'the demo names its temp directory');
  assert.ok(
    base.startsWith(fs.realpathSync(tmp)),
    `the demo worked in ${base}, outside the TMPDIR it was given`,
  );
  assert.equal(fs.existsSync(base), false, `${base} is still there`);
  assert.deepEqual(fs.readdirSync(tmp), [], 'the demo left files in its TMPDIR');
  fs.rmdirSync(tmp);
});

test('a step that does not do what it should: exit 1, the rest not run, still cleaned up', async () => {
  // Without git on PATH the example monorepo cannot be created (a real failure, no hook in the demo).
  const tmp = tempDir('demo-fail-');
  const run = await runDemo({ ...process.env, TMPDIR: tmp, PATH: path.dirname(process.execPath) });
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const rows = summaryRows(run.stdout);
  assert.deepEqual(
    rows.map((r) => r.title),
    STEPS,
  );
  assert.match(rows[0]?.result ?? '', /^ok: /);
  assert.match(rows[1]?.result ?? '', /^FAILED: .*git/);
  for (const row of rows.slice(2, -1)) assert.equal(row.result, 'not run (an earlier step failed)');
  assert.match(rows.at(-1)?.result ?? '', /^ok: sandbox stopped/);
  assert.match(run.stdout, /8 of 10 steps did not do what they should/);
  assert.deepEqual(fs.readdirSync(tmp), [], 'the failed demo left files in its TMPDIR');
  fs.rmdirSync(tmp);
});
