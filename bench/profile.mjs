// Profiles one trustpub run (not a benchmark): publishes an N-package fixture to a fresh sandbox with
// `node --cpu-prof`, prints when each kind of request was answered (a timeline of the run) and the
// heaviest functions and files of the client's CPU profile.
//   node bench/profile.mjs [--size 50 | 30x10] [--latency 0] [--registry | --timeline [--each]] [--warm] [--out DIR]
//     [-- extra trustpub args]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@trustpub/sandbox';
import { prepareSandbox, writeMonorepo } from './fixture.mjs';
import { measure, prepareMeasure } from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    size: { type: 'string', default: '50' },
    latency: { type: 'string', default: '0' },
    command: { type: 'string', default: 'publish' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'trustpub-profile') },
    // Profile the sandbox (this process) during the run instead of the client.
    registry: { type: 'boolean', default: false },
    // Only the timeline, from a run without the profiler's overhead.
    timeline: { type: 'boolean', default: false },
    // With --timeline: every request of the run, in the order answered.
    each: { type: 'boolean', default: false },
    // One throwaway run first, on a sandbox of its own: the benchmark's sandbox code is warm after its first
    // run, and a cold one answers a release's first exchanges and uploads more slowly.
    warm: { type: 'boolean', default: false },
  },
});
const size = values.size;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trustpub-prof-'));
const root = path.join(work, 'repo');
const names = writeMonorepo(root, size);
fs.writeFileSync(path.join(work, 'npmrc'), '');
fs.rmSync(values.out, { recursive: true, force: true });
fs.mkdirSync(values.out, { recursive: true });

const cli = path.join(repoRoot, 'packages', 'cli', 'bin', 'trustpub.js');
const jobEnv = (ci, registry) => ({
  PATH: process.env.PATH,
  HOME: work,
  TMPDIR: work,
  npm_config_userconfig: path.join(work, 'npmrc'),
  ...ci,
  npm_config_registry: registry,
});
if (values.warm) {
  const warmRoot = path.join(work, 'warm');
  const warmNames = writeMonorepo(warmRoot, size);
  const warmSandbox = await startSandbox({ latencyMs: Number(values.latency) });
  try {
    const ci = await prepareSandbox(warmSandbox, warmNames);
    await measure(process.execPath, [cli, 'publish', '--workspaces', '--concurrency', '16'], {
      cwd: warmRoot,
      env: jobEnv(ci, warmSandbox.registry),
    });
  } finally {
    await warmSandbox.stop();
  }
}
const sandbox = await startSandbox({ latencyMs: Number(values.latency) });
try {
  const ci = await prepareSandbox(sandbox, names);
  const env = jobEnv(ci, sandbox.registry);
  const session = new Session();
  if (values.registry && !values.timeline) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  await prepareMeasure();
  const registryCpu = process.cpuUsage();
  const started = performance.timeOrigin + performance.now();
  const m = await measure(
    process.execPath,
    [
      ...(values.registry || values.timeline ? [] : ['--cpu-prof', '--cpu-prof-dir', values.out]),
      cli,
      values.command,
      '--workspaces',
      ...(values.command === 'publish' ? ['--concurrency', '16'] : []),
      ...positionals,
    ],
    { cwd: root, env },
  );
  const used = process.cpuUsage(registryCpu);
  if (values.registry && !values.timeline) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(path.join(values.out, 'registry.cpuprofile'), JSON.stringify(profile));
    session.disconnect();
  }
  // The timeline: when the answers of each kind of request finished, from the client's spawn.
  const kinds = new Map();
  for (const r of sandbox.requests()) {
    if (r.at < started) continue;
    const kind =
      r.server === 'issuer'
        ? 'ID token'
        : `${r.method} ${r.path.includes('/oidc/') ? 'exchange' : r.path.includes('/-/') ? r.path : 'packument'}`;
    const k = kinds.get(kind) ?? { n: 0, first: Infinity, last: 0 };
    k.n++;
    k.first = Math.min(k.first, r.at - started);
    k.last = Math.max(k.last, r.at - started);
    kinds.set(kind, k);
  }
  console.log(
    `exit ${m.code}; wall ${m.wallMs.toFixed(0)} ms; client CPU ${m.cpuMs.toFixed(0)} ms; registry CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`,
  );
  if (values.each)
    for (const r of sandbox.requests().filter((x) => x.at >= started))
      console.log(
        `  ${(r.at - started).toFixed(0).padStart(6)} ms ${r.server} ${r.method} ${r.path} ${r.status}`,
      );
  for (const [kind, k] of [...kinds].sort((x, y) => x[1].first - y[1].first))
    console.log(
      `  ${kind.padEnd(16)} ${String(k.n).padStart(4)} answered from ${k.first.toFixed(0).padStart(5)} to ${k.last.toFixed(0).padStart(5)} ms`,
    );
  if (m.code !== 0) console.log(m.stderr.slice(-2000));
} finally {
  await sandbox.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

if (values.timeline) process.exit(0);
// Summarise the profile: self time by function and by file.
const file = fs.readdirSync(values.out).find((f) => f.endsWith('.cpuprofile'));
const prof = JSON.parse(fs.readFileSync(path.join(values.out, file), 'utf8'));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++)
  dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const byFn = new Map();
const byFile = new Map();
for (const n of prof.nodes) {
  const t = (dt.get(n.id) ?? 0) / 1000;
  const f = n.callFrame.url.replace(/^file:\/\//, '').replace(repoRoot + '/', '') || '(native)';
  const key = `${n.callFrame.functionName || '(anon)'} ${f}:${n.callFrame.lineNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const pkg = f.includes('node_modules/')
    ? f.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
    : f.startsWith('node:')
      ? f
      : f.split('/').slice(0, 3).join('/');
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + t);
}
const top = (m, n) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(1).padStart(8)} ms  ${k}`)
    .join('\n');
console.log(
  `profile ${path.join(values.out, file)}\n-- by package/file --\n${top(byFile, 25)}\n-- by function --\n${top(byFn, 30)}`,
);
