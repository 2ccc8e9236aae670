// Medians, ratios, the markdown table of a benchmark run and the targets judged from it.
import fs from 'node:fs';

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
const mb = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : 'n/a');
const ratio = (a, b) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a';
const latencyName = (l) => (l ? `${l} ms` : 'loopback');

/** Every run of `results` grouped by fixture spec, latency and tool; medians over the successful ones. */
function cellsOf(results) {
  const cells = new Map();
  for (const r of results) {
    const key = `${r.spec}|${r.latencyMs}|${r.tool}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(r);
  }
  const runs = (spec, latencyMs, tool) =>
    (cells.get(`${spec}|${latencyMs}|${tool}`) ?? []).filter((r) => r.ok);
  const med = (spec, latencyMs, tool, field) =>
    median(
      runs(spec, latencyMs, tool).map((r) => (typeof field === 'function' ? field(r) : r[field])),
    );
  return { cells, runs, med };
}

const perPackage = (r) => r.requests.registry / r.size;

/** The critical-path bound of a run's cell: the floor's start-up plus levels x one PUT round trip. */
function boundOf(med, spec, latencyMs, levels) {
  const startup = med(spec, latencyMs, 'floor', (r) => r.floor?.startupMs);
  const put = med(spec, latencyMs, 'floor', (r) => r.floor?.putMinMs);
  return { startup, put, bound: startup + levels * put };
}

export function writeReport(file, results, meta) {
  const { cells, med } = cellsOf(results);
  const loads = results.map((r) => r.load1).filter(Number.isFinite);
  const lines = [
    `${new Date().toISOString()}; ${meta.cpus} CPUs (${meta.cpuModel}), Node ${meta.node}; ${meta.reps} repetition(s) per cell, interleaved; ` +
      `concurrency ${meta.concurrency} for trustpub and the floor; total ${(meta.elapsedMs / 1000).toFixed(0)} s; ` +
      `1-minute load average at the end of each run ${loads.length ? `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}` : 'n/a'} (2 cores: above 2, other jobs shared the machine).`,
    'Every run publishes every package of a fresh sandbox registry (seeded at 0.0.1, trusted publisher configured) in a simulated',
    'GitHub Actions job whose ID token claims a private repository (so no provenance). Fixture `N`: N packages in four dependency',
    'layers; `NxL`: N packages in L levels (the longest dependency chain has L packages). Wall = elapsed time of the command; CPU = user+sys',
    'of its process tree; registry CPU = CPU of the sandbox (Verdaccio and the gateway, in the benchmark process) during the run;',
    'peak = highest summed RSS of its process tree (sampled every 25 ms by a process of its own); req/pkg = registry requests the sandbox',
    'counted during the run / packages (ID-token requests to the issuer not included). Latency = the sandbox delays every registry and',
    'issuer answer by that many ms. "x floor" = wall / floor wall; "trustpub speed-up" = tool wall / trustpub wall.',
    '',
    '| fixture | latency | tool | runs ok | wall (median) | per package | x floor | trustpub speed-up | CPU (median) | registry CPU (median) | peak RSS (median) | req/pkg |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const seen = [...new Set(results.map((r) => `${r.spec}|${r.latencyMs}`))];
  for (const sl of seen) {
    const [spec, l] = sl.split('|');
    const latencyMs = Number(l);
    const size = results.find((r) => r.spec === spec)?.size ?? NaN;
    const tools = [
      ...new Set(
        results.filter((r) => r.spec === spec && r.latencyMs === latencyMs).map((r) => r.tool),
      ),
    ];
    const floor = med(spec, latencyMs, 'floor', 'wallMs');
    const tp = med(spec, latencyMs, 'trustpub', 'wallMs');
    for (const tool of tools) {
      const runs = cells.get(`${spec}|${latencyMs}|${tool}`) ?? [];
      const wall = med(spec, latencyMs, tool, 'wallMs');
      const preflight = tool.startsWith('trustpub doctor');
      lines.push(
        `| ${spec} | ${latencyName(latencyMs)} | ${tool} | ${runs.filter((r) => r.ok).length}/${runs.length} | ${sec(wall)} | ${preflight ? '' : `${Number.isFinite(wall) ? (wall / size).toFixed(0) : 'n/a'} ms`} | ${preflight ? '' : ratio(wall, floor)} | ${preflight || tool === 'trustpub' || tool === 'floor' ? '' : ratio(wall, tp)} | ${sec(med(spec, latencyMs, tool, 'cpuMs'))} | ${sec(med(spec, latencyMs, tool, 'registryCpuMs'))} | ${mb(med(spec, latencyMs, tool, 'peakRssMb'))} | ${med(spec, latencyMs, tool, perPackage).toFixed(2)} |`,
      );
    }
  }
  lines.push(
    '',
    `Reproduce: \`npm run bench -- --sizes ${meta.sizesArg} --reps ${meta.reps} --latency ${meta.latencies.join(',')} --tools ${meta.tools.join(',')}${meta.peers ? ` --peers ${meta.peers}` : ''}\``,
  );
  const deep = criticalPaths(results, med, meta);
  if (deep.length) lines.push('', ...deep);
  const requests = requestTable(results, meta);
  if (requests.length) lines.push('', ...requests);
  const judged = targets(results, med, meta);
  if (judged.length) lines.push('', ...judged);
  lines.push(
    '',
    'Details, options and where the time goes: [bench/README.md](bench/README.md).',
    '',
  );
  fs.mkdirSync(new URL('.', `file://${file}`).pathname, { recursive: true });
  fs.writeFileSync(file, lines.join('\n'));
  return lines.join('\n');
}

/** Per deep fixture: the critical-path bound (levels x one PUT round trip + start-up) and each tool's distance to it. */
function criticalPaths(results, med, meta) {
  const out = [];
  for (const s of meta.specs.filter((x) => x.deep)) {
    for (const latencyMs of s.latencies) {
      const { startup, put, bound } = boundOf(med, s.spec, latencyMs, s.levels);
      if (!Number.isFinite(bound)) continue;
      const tools = meta.tools.filter((t) => t !== 'floor');
      const walls = tools
        .map((t) => [t, med(s.spec, latencyMs, t, 'wallMs')])
        .filter(([, w]) => Number.isFinite(w));
      out.push(
        `| ${s.spec} | ${latencyName(latencyMs)} | ${s.levels} x ${put.toFixed(0)} ms + ${startup.toFixed(0)} ms = ${sec(bound)} | ${walls.map(([t, w]) => `${t} ${sec(w)} (${(w / bound).toFixed(2)}x, +${sec(w - bound)})`).join('; ')} |`,
      );
    }
  }
  if (!out.length) return [];
  return [
    'Critical path: no client can publish a graph L levels deep in less than its start-up plus L PUT round trips (a package',
    "is uploaded only after its dependencies are stored). The bound uses the floor's own start-up (when its first request left) and",
    'its fastest PUT round trip in the same cell (medians over its runs); distance = wall / bound.',
    '',
    '| fixture | latency | bound: levels x PUT + start-up | wall (x bound, + over bound) |',
    '|---|---|---|---|',
    ...out,
  ];
}

/** trustpub's registry requests per package by kind, from the sandbox's record (median over runs). */
function requestTable(results, meta) {
  const rows = [];
  for (const tool of ['trustpub', 'trustpub-no-preflight', 'npm', 'pnpm', 'pnpm12', 'floor']) {
    if (!meta.tools.includes(tool)) continue;
    const runs = results.filter((r) => r.tool === tool && r.ok);
    if (!runs.length) continue;
    const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.requests.byKind)))].sort();
    const per = (k) => median(runs.map((r) => (r.requests.byKind[k] ?? 0) / r.size));
    const totals = runs.map(perPackage);
    rows.push(
      `| ${tool} | ${Math.min(...totals).toFixed(2)}-${Math.max(...totals).toFixed(2)} | ${kinds.map((k) => `${k} ${per(k).toFixed(2)}`).join(', ')} |`,
    );
  }
  if (!rows.length) return [];
  return [
    'Registry requests per package, counted by the sandbox over every successful run (all fixtures and latencies):',
    '',
    '| tool | per package (min-max over runs) | by kind (median) |',
    '|---|---|---|',
    ...rows,
  ];
}

/** The targets, judged from this run's medians (a target whose cells were not run is said to be not run). */
function targets(results, med, meta) {
  const has = (spec, latencyMs) =>
    meta.specs.some((s) => s.spec === spec && s.latencies.includes(latencyMs));
  const row = (what, measured, met) => `| ${what} | ${measured} | ${met} |`;
  const out = [
    'Targets, judged from this run:',
    '',
    '| target | measured | met |',
    '|---|---|---|',
  ];
  if (has('30x10', 100)) {
    const tp = med('30x10', 100, 'trustpub', 'wallMs');
    for (const [tool, label, factor] of [
      ['npm', '`npm publish --workspaces`', 7],
      ['pnpm', '`pnpm publish -r` (pnpm 11)', 5],
      ['pnpm12', '`pnpm publish -r` (pnpm 12)', 5],
    ]) {
      const other = med('30x10', 100, tool, 'wallMs');
      if (!Number.isFinite(other)) continue;
      out.push(
        row(
          `30 packages in 10 levels at 100 ms: >= ${factor}x faster than ${label}`,
          `${sec(other)} / ${sec(tp)} = ${(other / tp).toFixed(1)}x`,
          other / tp >= factor ? 'yes' : 'no',
        ),
      );
    }
  } else out.push(row('30 packages in 10 levels at 100 ms vs npm and pnpm', 'not run', 'n/a'));
  const floorCells = [];
  for (const spec of ['50', '200'])
    for (const latencyMs of [100, 0]) {
      const x =
        med(spec, latencyMs, 'trustpub', 'wallMs') / med(spec, latencyMs, 'floor', 'wallMs');
      // A run without the floor (a side-by-side of two builds) judges nothing here.
      if (!has(spec, latencyMs) || !Number.isFinite(x)) continue;
      floorCells.push({ spec, latencyMs, x });
    }
  out.push(
    row(
      '50 and 200 packages at 100 ms and on loopback: within 1.5x of the floor',
      floorCells.length
        ? floorCells
            .map((c) => `${c.x.toFixed(2)}x (${c.spec}, ${latencyName(c.latencyMs)})`)
            .join(', ')
        : 'not run',
      floorCells.length === 4 ? (floorCells.every((c) => c.x <= 1.5) ? 'yes' : 'no') : 'n/a',
    ),
  );
  const tpRuns = results.filter((r) => r.tool === 'trustpub' && r.ok);
  if (tpRuns.length) {
    const worst = Math.max(...tpRuns.map(perPackage));
    out.push(
      row(
        'registry requests per package <= 4 (counted by the sandbox)',
        `at most ${worst.toFixed(2)} over ${tpRuns.length} trustpub runs`,
        worst <= 4 ? 'yes' : 'no',
      ),
    );
  }
  if (meta.specs.some((s) => s.spec === '200')) {
    const latencies = meta.specs.find((s) => s.spec === '200').latencies;
    const peaks = latencies.map((l) => med('200', l, 'trustpub', 'peakRssMb'));
    const procs = tpRuns.filter((r) => r.spec === '200').map((r) => r.processes ?? 1);
    out.push(
      row(
        '200 packages: one process, peak RSS < 250 MB',
        `${Math.max(1, ...procs) === 1 ? 'one process' : `up to ${Math.max(...procs)} processes`}, ${peaks.map(mb).join(' / ')} (${latencies.map(latencyName).join(' / ')})`,
        Math.max(1, ...procs) === 1 && peaks.every((p) => p < 250) ? 'yes' : 'no',
      ),
    );
  }
  if (has('1000', 0)) {
    // Linear: the memory each package adds from 200 to 1,000 is no more than 1.5x what it added from 50 to 200.
    const at = (spec) => med(spec, 0, 'trustpub', 'peakRssMb');
    const p1000 = at('1000');
    const p200 = at('200');
    const p50 = at('50');
    const slopeHigh = (p1000 - p200) / 800;
    const slopeLow = (p200 - p50) / 150;
    const linear = Number.isFinite(slopeLow)
      ? slopeHigh <= Math.max(slopeLow, 0.01) * 1.5
      : undefined;
    out.push(
      row(
        '1,000 packages on loopback: linear memory, peak RSS < 500 MB',
        `${mb(p1000)}; ${Number.isFinite(slopeLow) ? `${(slopeLow * 1024).toFixed(0)} KB per package from 50 to 200, ${(slopeHigh * 1024).toFixed(0)} KB from 200 to 1,000` : 'slope not measured (50 and 200 on loopback not run)'}`,
        p1000 < 500 && linear !== false
          ? linear === undefined
            ? 'under 500 MB; linearity not judged'
            : 'yes'
          : 'no',
      ),
    );
  }
  if (has('50', 100)) {
    const tp = med('50', 100, 'trustpub', 'wallMs');
    for (const [tool, label, factor] of [
      ['npm', '`npm publish --workspaces`', 5],
      ['changesets', '`changeset publish`', 10],
    ]) {
      const other = med('50', 100, tool, 'wallMs');
      if (!Number.isFinite(other)) continue;
      out.push(
        row(
          `50 packages at 100 ms: >= ${factor}x faster than ${label}`,
          `${sec(other)} / ${sec(tp)} = ${(other / tp).toFixed(1)}x`,
          other / tp >= factor ? 'yes' : 'no',
        ),
      );
    }
    const preflight = med('50', 100, 'trustpub doctor (preflight)', 'wallMs');
    if (Number.isFinite(preflight))
      out.push(
        row(
          'preflight of 50 packages < 2 s at 100 ms',
          `${sec(preflight)} (\`trustpub doctor\`, process start included)`,
          preflight < 2000 ? 'yes' : 'no',
        ),
      );
  }
  return out;
}
