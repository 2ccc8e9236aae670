// The import rule of @trustpub/core (docs/architecture.md, "Import rule"), checked on the sources.
// Fails (exit 1) on:
//  - an import from a folder to a folder at its level or above it (LAYERS lists them bottom first);
//  - a deep import into another folder, bypassing that folder's index.ts (tests may import *.test.helper.ts);
//  - an import cycle between files of the core;
//  - a package face (src/index.ts, src/startup.ts) importing anything but the folders' index.ts;
//  - a package outside the core importing a path inside @trustpub/core instead of '@trustpub/core'
//    (or its '/startup' and '/error-catalogue' entries).
// `--src <dir>` checks another core tree (used by the script's own test); `--faces` dirs are skipped then.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAYERS = [
  'errors',
  'kernel',
  'registry',
  'workspace',
  'oidc',
  'provenance',
  'pack',
  'publish',
  'diagnose',
  'release',
  'trust',
];

const SPECIFIER =
  /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listTs(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...listTs(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function specifiers(text) {
  const found = [];
  // Comments may quote import lines; drop them first.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(SPECIFIER)) found.push(m[1] ?? m[2]);
  return found;
}

/** Checks one core source tree; returns the problems as sentences (empty when the rule holds). */
export function checkCore(src) {
  const problems = [];
  const rel = (f) => path.relative(src, f).split(path.sep).join('/');
  const files = listTs(src);
  const edges = new Map(files.map((f) => [f, []]));
  for (const file of files) {
    const from = rel(file);
    const fromFolder = from.includes('/') ? from.split('/')[0] : undefined;
    const isTest = /\.test(\.helper)?\.ts$/.test(from);
    if (fromFolder !== undefined && !LAYERS.includes(fromFolder)) {
      problems.push(`${from}: folder "${fromFolder}" is not in the layer list`);
      continue;
    }
    for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
      const to = rel(target);
      if (to.startsWith('..')) {
        problems.push(`${from}: imports ${spec}, outside the core's sources`);
        continue;
      }
      if (edges.has(target)) edges.get(file).push(target);
      const toFolder = to.includes('/') ? to.split('/')[0] : undefined;
      if (fromFolder === undefined) {
        if (!(toFolder !== undefined && to === `${toFolder}/index.ts`))
          problems.push(`${from}: the package face may import only folders' index.ts, not ${to}`);
        continue;
      }
      if (toFolder === undefined) {
        problems.push(`${from}: imports ${to}, the package face (upward)`);
        continue;
      }
      if (toFolder === fromFolder) continue;
      const deep = to !== `${toFolder}/index.ts`;
      if (deep && !(isTest && to.endsWith('.test.helper.ts')))
        problems.push(`${from}: deep import of ${to}; import ${toFolder}/index.ts instead`);
      if (LAYERS.indexOf(toFolder) >= LAYERS.indexOf(fromFolder))
        problems.push(
          `${from}: imports ${toFolder}/, which is not below ${fromFolder}/ (order, bottom first: ${LAYERS.join(' < ')})`,
        );
    }
  }
  for (const cycle of cycles(edges))
    problems.push(`import cycle among: ${cycle.map(rel).join(', ')}`);
  return problems;
}

/** Strongly connected components (Tarjan) with more than one file, or a file importing itself. */
function cycles(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(comp.reverse());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** Packages that use the core must go through its one face. */
export function checkFaces(dirs) {
  const problems = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const file of listTs(dir)) {
      for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
        // The two other entry points: the start-up subset of the API, and documentation data.
        if (spec === '@trustpub/core/startup' || spec === '@trustpub/core/error-catalogue')
          continue;
        if (spec.startsWith('@trustpub/core/') || /(^|\/)core\/(src|dist)\//.test(spec))
          problems.push(`${file}: imports ${spec}; import '@trustpub/core' instead`);
      }
    }
  }
  return problems;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const at = process.argv.indexOf('--src');
  const src = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(root, 'packages/core/src');
  const problems = checkCore(src);
  if (at < 0) {
    const faces = ['packages/cli/src', 'packages/semantic-release/src', 'packages/changesets/src'];
    problems.push(
      ...checkFaces([...faces.map((d) => path.join(root, d)), path.join(root, 'test')]),
    );
  }
  if (problems.length > 0) {
    console.error(
      `The core's import rule is broken (see docs/architecture.md):\n  ${problems.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log(`core imports: ${LAYERS.length} folders, downward only, no cycles`);
}
