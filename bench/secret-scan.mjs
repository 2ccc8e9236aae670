// The secret scan's cost: every file of real installed packages (node_modules/npm and the packages it
// bundles, the repository's own packages) scanned as a publish scans a tarball's files, plus one real
// tarball read through the tar parser. Prints files, MB, milliseconds and MB/s; and any hit, since a
// hit in these well-known packages is either a false positive to fix or a real key shipped in a test.
// Usage: node bench/secret-scan.mjs [folder ...]   (default: node_modules/npm and packages/), after `npx tsc -b`
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanContent } from '../packages/core/dist/pack/secret-scan.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const targets = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [path.join(root, 'node_modules/npm'), path.join(root, 'packages')];

async function walk(dir, out = []) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git') await walk(full, out);
    } else if (e.isFile()) out.push(full);
  }
  return out;
}

const files = (await Promise.all(targets.map((t) => walk(t)))).flat();
const contents = [];
for (const f of files) contents.push(await readFile(f));
const bytes = contents.reduce((n, c) => n + c.length, 0);
const rounds = Number(process.env.ROUNDS ?? 5);
let hits = [];
const times = [];
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  hits = [];
  for (let i = 0; i < files.length; i++)
    hits.push(...scanContent(path.relative(root, files[i]), contents[i]));
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(rounds / 2)];
console.log(
  `secret scan: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${median.toFixed(0)} ms (median of ${rounds}): ${(bytes / 1e6 / (median / 1000)).toFixed(0)} MB/s`,
);
// A publish scans the packed tarball: time that on a real, large package (npm itself, packed as npm would).
{
  const { createContext, packPackage, scanTarball } =
    await import('../packages/core/dist/index.js');
  const dir = path.join(root, 'node_modules/npm');
  const packed = await packPackage(
    dir,
    { ignoreScripts: true, purpose: 'pack' },
    createContext({ cwd: dir, env: {} }),
  );
  const t = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await scanTarball(packed.tarball);
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  console.log(
    `tarball scan: npm@${packed.manifest.version} (${packed.files.length} files, ${(packed.tarball.length / 1e6).toFixed(1)} MB gzipped) in ${t[Math.floor(rounds / 2)].toFixed(0)} ms (median of ${rounds})`,
  );
}
for (const h of hits) console.log(`hit: ${h.file} line ${h.line}: ${h.rule}`);
