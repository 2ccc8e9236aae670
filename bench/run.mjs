// trustpub's benchmarks (not tests). Publishes synthetic monorepos to a fresh sandbox per run, in a
// simulated GitHub Actions job, with trustpub, `npm publish --workspaces` (npm 11, OIDC), `changeset
// publish` (@changesets/cli 3 over npm 11) and the floor (bench/floor.mjs); on loopback and with a
// simulated per-request latency. Runs are interleaved; medians and ratios go to bench/results/latest.md.
//
//   npm run bench                                     # defaults below
//   npm run bench -- --sizes 10,50 --reps 1 --latency 0,100 --tools trustpub,npm,changesets,floor
//   BENCH_SIZES=200 BENCH_TOOLS=trustpub,floor npm run bench
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createContext, discoverWorkspace, packPackage } from '@trustpub/core';
import { startSandbox } from '@trustpub/sandbox';
import { prepareSandbox, writeMonorepo } from './fixture.mjs';
import { measure } from './measure.mjs';
import { writeReport } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10,50' },
    reps: { type: 'string', default: process.env.BENCH_REPS ?? '3' },
    latency: { type: 'string', default: process.env.BENCH_LATENCIES ?? '0,100' },
    tools: {
      type: 'string',
      default: process.env.BENCH_TOOLS ?? 'trustpub,trustpub-no-preflight,npm,changesets,floor',
    },
    concurrency: { type: 'string', default: process.env.BENCH_CONCURRENCY ?? '16' },
    // changesets starts one npm process per package at once (2 GB at 30 packages): cap it.
    'changesets-max': { type: 'string', default: process.env.BENCH_CHANGESETS_MAX ?? '50' },
    'npm-max': { type: 'string', default: process.env.BENCH_NPM_MAX ?? '200' },
    preflight: { type: 'boolean', default: true },
    out: { type: 'string', default: path.join(here, 'results', 'latest.md') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const reps = Number(values.reps);
const latencies = values.latency.split(',').map(Number);
const tools = values.tools.split(',');
const concurrency = Number(values.concurrency);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trustpub-bench-'));
const emptyNpmrc = path.join(work, 'empty-npmrc');
fs.writeFileSync(emptyNpmrc, '');

const BIN = path.join(repoRoot, 'packages', 'cli', 'dist', 'bin.js');
const NPM = path.join(repoRoot, 'node_modules', 'npm', 'bin', 'npm-cli.js');
const CHANGESET = path.join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
const FLOOR = path.join(here, 'floor.mjs');
const NODE = process.execPath;

const COMMANDS = {
  trustpub: (root) => [
    NODE,
    [BIN, 'publish', '--workspaces', '--concurrency', String(concurrency)],
    root,
  ],
  // The same without the checks before the first upload (one exchange per package fewer).
  'trustpub-no-preflight': (root) => [
    NODE,
    [BIN, 'publish', '--workspaces', '--no-preflight', '--concurrency', String(concurrency)],
    root,
  ],
  npm: (root) => [NODE, [NPM, 'publish', '--workspaces'], root],
  changesets: (root) => [NODE, [CHANGESET, 'publish', '--no-git-tag'], root],
  floor: (root, registry) => [
    NODE,
    [FLOOR, path.join(root, '..', 'packed.json'), registry, String(concurrency)],
    root,
  ],
};

for (const t of tools) {
  if (!COMMANDS[t])
    throw new Error(`unknown tool ${t}; known: ${Object.keys(COMMANDS).join(', ')}`);
}

/** Packs every package once with trustpub's packer, for the floor (the same bytes every tool uploads). */
async function packForFloor(root) {
  const ctx = createContext({
    env: { ...process.env, npm_config_userconfig: emptyNpmrc },
    cwd: root,
  });
  const ws = await discoverWorkspace(root, ctx);
  const dir = path.join(root, '..', 'tarballs');
  fs.mkdirSync(dir, { recursive: true });
  const out = [];
  for (const p of ws.packages) {
    const packed = await packPackage(
      p.dir,
      { ignoreScripts: true, workspace: ws.index, purpose: 'publish' },
      ctx,
    );
    const tarballPath = path.join(dir, `${p.name.replace('/', '-')}.tgz`);
    fs.writeFileSync(tarballPath, packed.tarball);
    out.push({
      name: packed.manifest.name,
      version: packed.manifest.version,
      manifest: packed.manifest,
      integrity: packed.integrity,
      shasum: packed.shasum,
      tarballPath,
    });
  }
  fs.writeFileSync(path.join(root, '..', 'packed.json'), JSON.stringify(out));
}

function jobEnv(ci, registry) {
  return {
    PATH: `${path.join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH}`,
    HOME: work,
    TMPDIR: work,
    npm_config_userconfig: emptyNpmrc,
    npm_config_cache: path.join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ...ci,
    npm_config_registry: registry,
  };
}

async function oneRun(tool, size, latencyMs, root, names, kind = 'publish') {
  const sandbox = await startSandbox({ latencyMs });
  try {
    const ci = await prepareSandbox(sandbox, names);
    const env = jobEnv(ci, sandbox.registry);
    const [cmd, args, cwd] =
      kind === 'preflight'
        ? [NODE, [BIN, 'doctor', '--workspaces'], root]
        : COMMANDS[tool](root, sandbox.registry);
    const before = sandbox.requests().length;
    // The registry (Verdaccio and the gateway) runs in this process: its CPU is this process's CPU
    // during the run, less what measure()'s /proc sampling used.
    const registryCpu = process.cpuUsage();
    const m = await measure(cmd, args, { cwd, env });
    const used = process.cpuUsage(registryCpu);
    const registryCpuMs = (used.user + used.system) / 1000 - m.samplerCpuMs;
    const puts = sandbox
      .requests()
      .slice(before)
      .filter((r) => r.method === 'PUT' && r.status < 300).length;
    const ok = m.code === 0 && (kind === 'preflight' || puts === size);
    if (!ok)
      process.stderr.write(
        `  ${tool} ${size} @${latencyMs}: exit ${m.code}, ${puts}/${size} uploads\n${m.stderr.slice(-1500)}\n${m.stdout.slice(-500)}\n`,
      );
    return {
      tool: kind === 'preflight' ? 'trustpub doctor (preflight)' : tool,
      size,
      latencyMs,
      ok,
      puts,
      wallMs: m.wallMs,
      cpuMs: m.cpuMs,
      peakRssMb: m.peakRssMb,
      registryCpuMs,
    };
  } finally {
    await sandbox.stop();
  }
}

const fixtures = new Map();
for (const size of sizes) {
  const root = path.join(work, `mono-${size}`, 'repo');
  const names = writeMonorepo(root, size);
  await packForFloor(root);
  fixtures.set(size, { root, names });
}

const results = [];
const started = Date.now();
for (let rep = 0; rep < reps; rep++) {
  for (const size of sizes) {
    for (const latencyMs of latencies) {
      // Interleave: rotate the tool order every repetition so no tool always runs first (warm caches).
      const order = tools.map((_, i) => tools[(i + rep) % tools.length]);
      for (const tool of order) {
        if (tool === 'changesets' && size > Number(values['changesets-max'])) continue;
        if (tool === 'npm' && size > Number(values['npm-max'])) continue;
        const { root, names } = fixtures.get(size);
        const r = await oneRun(tool, size, latencyMs, root, names);
        results.push({ ...r, rep });
        process.stderr.write(
          `rep ${rep + 1}/${reps} ${size} pkgs @${latencyMs}ms ${tool}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s cpu, ${r.peakRssMb.toFixed(0)} MB, registry ${(r.registryCpuMs / 1000).toFixed(2)} s cpu${r.ok ? '' : ' FAILED'}\n`,
        );
      }
      if (values.preflight && tools.includes('trustpub')) {
        const { root, names } = fixtures.get(size);
        const r = await oneRun('trustpub', size, latencyMs, root, names, 'preflight');
        results.push({ ...r, rep });
        process.stderr.write(
          `rep ${rep + 1}/${reps} ${size} pkgs @${latencyMs}ms preflight (doctor): ${(r.wallMs / 1000).toFixed(2)} s${r.ok ? '' : ' FAILED'}\n`,
        );
      }
    }
  }
}
writeReport(values.out, results, {
  sizes,
  reps,
  latencies,
  tools,
  concurrency,
  elapsedMs: Date.now() - started,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? '?',
  node: process.version,
});
fs.writeFileSync(values.out.replace(/\.md$/, '.json'), JSON.stringify(results, null, 2));
fs.rmSync(work, { recursive: true, force: true });
process.stderr.write(`wrote ${path.relative(process.cwd(), values.out)}\n`);
