// Bundles what a `trustpub` process loads (the core's package faces and the CLI) from the compiled dist/
// files into each package's bundle/ folder, after `tsc -b`. Why: a release loads about 125 of the
// project's own ES modules, and Node resolves, reads, compiles and links each one before the first
// registry request can leave; a handful of chunks cost less (bench/README.md has the measurements).
// - Dependencies stay external (`packages: 'external'`): each package's bundle sits in that package's
//   folder, so Node resolves its dependencies exactly as it resolves them for dist/, and no bundle
//   repeats another package's dependency list. The CLI's bundle imports `@trustpub/core` like any package.
// - Code splitting keeps every dynamic `import()` a chunk of its own, so the start-up subset
//   (`@trustpub/core/startup`) still leaves packing, the checks and publishing to be loaded later.
// - Not minified: a bug report's stack trace stays readable.
// dist/ stays what the types and the unit tests use; the package.json exports and the CLI's launcher
// point at bundle/. `node scripts/bundle.mjs [core|cli ...]` bundles the named packages (all without names).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each bundled package, with its entry points relative to its dist/ folder. */
const BUNDLES = [
  { pkg: 'core', entries: ['index.js', 'startup.js', 'errors/catalogue/index.js'] },
  { pkg: 'cli', entries: ['bin.js', 'index.js'] },
];

const wanted = process.argv.slice(2);
for (const name of wanted)
  if (!BUNDLES.some((b) => b.pkg === name)) throw new Error(`bundle.mjs: no bundle for "${name}"`);
for (const { pkg, entries } of BUNDLES.filter((b) => !wanted.length || wanted.includes(b.pkg))) {
  const dir = path.join(root, 'packages', pkg);
  const outdir = path.join(dir, 'bundle');
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: entries.map((e) => path.join(dir, 'dist', e)),
    outbase: path.join(dir, 'dist'),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
}
