// trustpub's benchmarks (not tests). Publishes synthetic monorepos to a fresh sandbox per run, in a
// simulated GitHub Actions job, with trustpub, `npm publish --workspaces` (npm 11, OIDC), `pnpm publish -r`
// (pnpm 11 or 12, their own OIDC), `changeset publish` (@changesets/cli 3 over npm 11) and the floor
// (bench/floor.mjs); on loopback and with a simulated per-request latency. Runs are interleaved; medians
// and ratios go to bench/results/latest.md.
//
//   npm run bench                                     # defaults below
//   npm run bench -- --sizes 10,50,30x10 --reps 1 --latency 0,100 --tools trustpub,npm,pnpm,floor
//   npm run bench -- --sizes 30x10@100,200,1000@0      # a spec's own latencies after @
//   BENCH_SIZES=200 BENCH_TOOLS=trustpub,floor npm run bench
//
// A size is a fixture spec (bench/fixture.mjs): `50` is the flat four-layer graph of 50 packages, `30x10`
// 30 packages in 10 dependency levels; `@0+100` after it gives its latencies (default: --latency).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@trustpub/sandbox';
import { parseSpec, prepareSandbox, writeMonorepo, writePnpmCopy } from './fixture.mjs';
import { measure, prepareMeasure } from './measure.mjs';
import { writeReport } from './report.mjs';
import { BIN, NODE, packForFloor, pnpmCopy, toolCommands } from './tools.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const { values } = parseArgs({
  allowNegative: true,
  options: {
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10,50,30x1,30x5,30x10' },
    reps: { type: 'string', default: process.env.BENCH_REPS ?? '3' },
    latency: { type: 'string', default: process.env.BENCH_LATENCIES ?? '0,100' },
    tools: {
      type: 'string',
      default:
        process.env.BENCH_TOOLS ?? 'trustpub,trustpub-no-preflight,npm,pnpm,changesets,floor',
    },
    concurrency: { type: 'string', default: process.env.BENCH_CONCURRENCY ?? '16' },
    // changesets starts one npm process per package at once (2 GB at 30 packages): cap it.
    'changesets-max': { type: 'string', default: process.env.BENCH_CHANGESETS_MAX ?? '50' },
    'npm-max': { type: 'string', default: process.env.BENCH_NPM_MAX ?? '200' },
    'pnpm-max': { type: 'string', default: process.env.BENCH_PNPM_MAX ?? '200' },
    // Above this size only trustpub and the floor run (the memory check at 1,000 packages).
    'others-max': { type: 'string', default: process.env.BENCH_OTHERS_MAX ?? '200' },
    // Fixture specs on which the other tools (npm, pnpm, changesets) run; all when absent.
    peers: { type: 'string', default: process.env.BENCH_PEERS },
    preflight: { type: 'boolean', default: true },
    out: { type: 'string', default: path.join(here, 'results', 'latest.md') },
  },
});
const reps = Number(values.reps);
const latencies = values.latency.split(',').map(Number);
// `30x10@100+0`: the fixture spec and its own latencies.
const specs = values.sizes.split(',').map((item) => {
  const [spec, lat] = item.trim().split('@');
  return { ...parseSpec(spec), latencies: lat ? lat.split('+').map(Number) : latencies };
});
const tools = values.tools.split(',');
const concurrency = Number(values.concurrency);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trustpub-bench-'));
const emptyNpmrc = path.join(work, 'empty-npmrc');
fs.writeFileSync(emptyNpmrc, '');

const COMMANDS = toolCommands(concurrency);
for (const t of tools) {
  if (!COMMANDS[t])
    throw new Error(`unknown tool ${t}; known: ${Object.keys(COMMANDS).join(', ')}`);
}
// Every Node client may reach loopback only (the tests' guard); pnpm 12 is a native binary, pinned by its
// registry setting alone.
const NET_GUARD = path.join(repoRoot, 'scripts', 'net-guard.mjs');
const guardLog = path.join(work, 'net-guard.log');

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
    NODE_OPTIONS: `--import=${NET_GUARD}`,
    TRUSTPUB_NET_GUARD_LOG: guardLog,
    ...ci,
    npm_config_registry: registry,
    // pnpm 11+ reads its own prefix (and .npmrc / pnpm-workspace.yaml), never npm_config_*.
    pnpm_config_registry: registry,
  };
}

/** Registry requests of one run by kind (the issuer's ID-token requests are counted apart). */
function countRequests(recorded) {
  const byKind = {};
  let registry = 0;
  let issuer = 0;
  for (const r of recorded) {
    if (r.server === 'issuer') {
      issuer++;
      continue;
    }
    registry++;
    const kind = r.path.includes('/oidc/token/exchange/')
      ? 'exchange'
      : r.method === 'PUT'
        ? 'PUT'
        : r.method === 'GET' && !r.path.includes('/-/')
          ? 'packument GET'
          : `${r.method} ${r.path.replace(/\/@?[^/]*%2[fF][^/]*/, '/<pkg>')}`;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return { registry, issuer, byKind };
}

async function oneRun(tool, fixture, latencyMs, kind = 'publish') {
  const { spec, size, levels, root, names } = fixture;
  const sandbox = await startSandbox({ latencyMs });
  try {
    const ci = await prepareSandbox(sandbox, names);
    const env = jobEnv(ci, sandbox.registry);
    const [cmd, args, cwd] =
      kind === 'preflight'
        ? [NODE, [BIN, 'doctor', '--workspaces'], root]
        : COMMANDS[tool](root, sandbox.registry);
    const before = sandbox.requests().length;
    fs.rmSync(guardLog, { force: true });
    // The registry (Verdaccio and the gateway) runs in this process: its CPU is this process's CPU
    // during the run (the RSS sampler runs in a process of its own).
    await prepareMeasure();
    const registryCpu = process.cpuUsage();
    const spawnedAt = performance.timeOrigin + performance.now();
    const m = await measure(cmd, args, { cwd, env });
    const used = process.cpuUsage(registryCpu);
    const registryCpuMs = (used.user + used.system) / 1000;
    const recorded = sandbox.requests().slice(before);
    const puts = recorded.filter(
      (r) => r.server === 'registry' && r.method === 'PUT' && r.status < 300,
    ).length;
    const refused = fs.existsSync(guardLog) ? fs.readFileSync(guardLog, 'utf8') : '';
    const ok = m.code === 0 && !refused && (kind === 'preflight' || puts === size);
    if (!ok)
      process.stderr.write(
        `  ${tool} ${spec} @${latencyMs}: exit ${m.code}, ${puts}/${size} uploads${refused ? `, network guard refused:\n${refused}` : ''}\n${m.stderr.slice(-1500)}\n${m.stdout.slice(-500)}\n`,
      );
    // The floor prints what it measured itself: when its first request left, and its PUT round trips.
    let floor;
    if (tool === 'floor' && kind === 'publish') {
      const line = m.stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) floor = JSON.parse(line);
    }
    const first = recorded.length ? Math.min(...recorded.map((r) => r.at)) : NaN;
    return {
      tool: kind === 'preflight' ? 'trustpub doctor (preflight)' : tool,
      spec,
      size,
      levels,
      latencyMs,
      ok,
      puts,
      wallMs: m.wallMs,
      cpuMs: m.cpuMs,
      peakRssMb: m.peakRssMb,
      processes: m.processes,
      registryCpuMs,
      requests: countRequests(recorded),
      // When the first answer finished, from the spawn: start-up plus one answer.
      firstAnswerMs: first - spawnedAt,
      // How busy the shared machine was (1-minute load average when the run ended).
      load1: os.loadavg()[0],
      ...(floor ? { floor } : {}),
    };
  } finally {
    await sandbox.stop();
  }
}

const fixtures = new Map();
for (const s of specs) {
  if (fixtures.has(s.spec)) continue;
  const root = path.join(work, `mono-${s.spec}`, 'repo');
  const names = writeMonorepo(root, s.spec);
  await packForFloor(root, emptyNpmrc);
  if (tools.some((t) => t.startsWith('pnpm'))) writePnpmCopy(root, pnpmCopy(root));
  fixtures.set(s.spec, { ...s, root, names });
}

const peerSpecs = values.peers ? new Set(values.peers.split(',')) : undefined;
const skipTool = (tool, size, spec) =>
  (peerSpecs && !tool.startsWith('trustpub') && tool !== 'floor' && !peerSpecs.has(spec)) ||
  (tool === 'changesets' && size > Number(values['changesets-max'])) ||
  (tool === 'npm' && size > Number(values['npm-max'])) ||
  (tool.startsWith('pnpm') && size > Number(values['pnpm-max'])) ||
  (!['trustpub', 'trustpub-before', 'floor'].includes(tool) && size > Number(values['others-max']));

const results = [];
const started = Date.now();
for (let rep = 0; rep < reps; rep++) {
  for (const s of specs) {
    const fixture = fixtures.get(s.spec);
    for (const latencyMs of s.latencies) {
      // Interleave: rotate the tool order every repetition so no tool always runs first (warm caches).
      const order = tools.map((_, i) => tools[(i + rep) % tools.length]);
      for (const tool of order) {
        if (skipTool(tool, s.size, s.spec)) continue;
        const r = await oneRun(tool, fixture, latencyMs);
        results.push({ ...r, rep });
        process.stderr.write(
          `rep ${rep + 1}/${reps} ${s.spec} @${latencyMs}ms ${tool}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s cpu, ${r.peakRssMb.toFixed(0)} MB, registry ${(r.registryCpuMs / 1000).toFixed(2)} s cpu, ${(r.requests.registry / s.size).toFixed(2)} req/pkg${r.ok ? '' : ' FAILED'}\n`,
        );
      }
      if (
        values.preflight &&
        tools.includes('trustpub') &&
        s.size <= Number(values['others-max'])
      ) {
        const r = await oneRun('trustpub', fixture, latencyMs, 'preflight');
        results.push({ ...r, rep });
        process.stderr.write(
          `rep ${rep + 1}/${reps} ${s.spec} @${latencyMs}ms preflight (doctor): ${(r.wallMs / 1000).toFixed(2)} s${r.ok ? '' : ' FAILED'}\n`,
        );
      }
    }
  }
}
writeReport(values.out, results, {
  specs: specs.map((s) => ({
    spec: s.spec,
    size: s.size,
    levels: s.levels,
    deep: s.deep,
    latencies: s.latencies,
  })),
  sizesArg: values.sizes,
  peers: values.peers,
  reps,
  latencies,
  tools,
  concurrency,
  elapsedMs: Date.now() - started,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? '?',
  node: process.version,
  load: os.loadavg(),
});
fs.writeFileSync(values.out.replace(/\.md$/, '.json'), JSON.stringify(results, null, 2));
// The default output is the committed one: bench/README.md shows it between its results markers.
if (path.resolve(values.out) === path.join(here, 'results', 'latest.md')) {
  const readme = path.join(here, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const region = /<!-- results:start -->[\s\S]*?<!-- results:end -->/;
  if (region.test(text))
    fs.writeFileSync(
      readme,
      text.replace(
        region,
        `<!-- results:start -->\n${fs
          .readFileSync(values.out, 'utf8')
          .replace(/^Details, options and where the time goes:.*$/m, '')
          .trim()}\n<!-- results:end -->`,
      ),
    );
}
fs.rmSync(work, { recursive: true, force: true });
process.stderr.write(`wrote ${path.relative(process.cwd(), values.out)}\n`);
