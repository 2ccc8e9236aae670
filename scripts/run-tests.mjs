// The test gate: runs every compiled test file with node's own runner inside a hermetic environment
// (loopback-only network guard, registry pinned to a dead loopback port, private temp dir), then fails
// the run if anything tried to leave loopback or if any token the sandbox minted shows up in the
// output or in any file the run wrote. The last line printed on success is node's own summary.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanForSecrets } from './secret-scan.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `trustpub tests need Node >= 22 (found ${process.version}). Run them through npm (npm test), which puts the project's own Node first on PATH.`,
  );
  process.exit(1);
}

// One directory per run, so concurrent runs never clobber each other; runs older than an hour are removed.
const artifactsRoot = path.join(root, '.test-artifacts');
fs.mkdirSync(artifactsRoot, { recursive: true });
for (const old of fs.readdirSync(artifactsRoot)) {
  const full = path.join(artifactsRoot, old);
  if (Date.now() - fs.statSync(full).mtimeMs > 3_600_000)
    fs.rmSync(full, { recursive: true, force: true });
}
const artifacts = path.join(artifactsRoot, `run-${Date.now()}-${process.pid}`);
const tmp = path.join(artifacts, 'tmp');
fs.mkdirSync(tmp, { recursive: true });
const guardLog = path.join(artifacts, 'net-guard.log');
const mintedLog = path.join(artifacts, 'minted-secrets.log');
const outputLog = path.join(artifacts, 'test-output.log');
const emptyNpmrc = path.join(artifacts, 'empty-npmrc');
fs.writeFileSync(emptyNpmrc, '');

const filter = process.argv.slice(2);
const files = [];
function collect(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') collect(full);
    else if (entry.isFile() && entry.name.endsWith('.test.js')) files.push(full);
  }
}
for (const pkg of fs.readdirSync(path.join(root, 'packages')))
  collect(path.join(root, 'packages', pkg, 'dist'));
collect(path.join(root, 'test', 'dist'));
const selected = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
// With no file arguments `node --test` would discover and run everything: a filter that matches nothing is a mistake.
if (selected.length === 0) {
  console.error(
    `No compiled test file matches ${filter.length ? filter.join(', ') : 'anything'}; build first (npm run build).`,
  );
  process.exit(1);
}

const env = { ...process.env };
// A developer's shell or the CI machine may itself look like a CI provider; tests decide that explicitly.
for (const key of Object.keys(env)) {
  if (
    /^(GITHUB_|RUNNER_|ACTIONS_|GITLAB_|CI_|CIRCLE|NPM_ID_TOKEN|SIGSTORE_ID_TOKEN|NPM_TOKEN|NODE_AUTH_TOKEN|npm_config_)/i.test(
      key,
    )
  )
    delete env[key];
}
Object.assign(env, {
  NODE_OPTIONS:
    `${env.NODE_OPTIONS ?? ''} --import=${path.join(root, 'scripts', 'net-guard.mjs')}`.trim(),
  TRUSTPUB_NET_GUARD_LOG: guardLog,
  TRUSTPUB_SANDBOX_MINTED_LOG: mintedLog,
  TMPDIR: tmp,
  // Anything that forgets to pin its registry lands on a dead loopback port, never on npmjs.
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_userconfig: emptyNpmrc,
  npm_config_cache: path.join(artifacts, 'npm-cache'),
  npm_config_update_notifier: 'false',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  GIT_AUTHOR_NAME: 'trustpub tests',
  GIT_AUTHOR_EMAIL: 'tests@trustpub.invalid',
  GIT_COMMITTER_NAME: 'trustpub tests',
  GIT_COMMITTER_EMAIL: 'tests@trustpub.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  TURBO_TELEMETRY_DISABLED: '1',
});
env.CI = 'false';

const out = fs.createWriteStream(outputLog);
const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=3', '--test-timeout=300000', ...selected],
  { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
);
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  out.write(d);
});
child.stderr.on('data', (d) => {
  process.stderr.write(d);
  out.write(d);
});
const code = await new Promise((resolve) => child.on('close', resolve));
await new Promise((resolve) => out.end(resolve));

const problems = [];
// 192.0.2.1:9 is the guard's own self-test target (test/e2e/guard.test.ts); anything else fails the run.
const violations = fs.existsSync(guardLog)
  ? fs
      .readFileSync(guardLog, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.includes('refused 192.0.2.1:9 '))
  : [];
if (violations.length) {
  problems.push(
    `network guard: the run tried to reach non-loopback addresses:\n${violations.join('\n')}`,
  );
}
const leaks = scanForSecrets({ mintedLog, roots: [artifacts], skip: [mintedLog, guardLog] });
if (leaks.length) {
  problems.push(
    `secret scan: ${leaks.length} place(s) hold a token the sandbox minted:\n${leaks.map((l) => `  ${l.file} (${l.kind})`).join('\n')}`,
  );
}
if (problems.length) {
  console.error(`\n${problems.join('\n')}`);
  process.exit(1);
}
process.exit(code ?? 1);
