// Synthetic monorepos for the benchmarks: an npm workspace of N small packages, a changesets config, a
// pnpm-workspace.yaml and a git repo, so trustpub, `npm publish --workspaces`, `pnpm publish -r` and
// `changeset publish` all see the same packages. Two graph shapes:
// - flat (`50`): four dependency layers, each package depending on up to two packages of lower layers;
// - deep (`30x10`): N packages in exactly L levels, each package of level k > 0 depending on one package of
//   level k - 1 (so the longest dependency chain has L packages) and, when there is one, on a second
//   package of a lower level.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const BENCH_REPO = 'bench/monorepo';
export const BENCH_WORKFLOW = 'release.yml';
const LAYERS = 4;

/** A deterministic pseudo-random sequence, so every run of a size gets the same graph. */
function rng(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/**
 * A fixture spec: `50` (the flat four-layer graph of 50 packages) or `30x10` (30 packages in 10 levels).
 * `levels` is the length of the longest dependency chain (what bounds any release's critical path).
 */
export function parseSpec(spec) {
  const m = /^(\d+)(?:x(\d+))?$/.exec(String(spec).trim());
  if (!m) throw new Error(`bad fixture spec ${spec}: use N (flat) or NxL (N packages in L levels)`);
  const size = Number(m[1]);
  const deep = m[2] !== undefined;
  const levels = deep ? Number(m[2]) : Math.min(LAYERS, size);
  if (deep && (levels < 1 || levels > size))
    throw new Error(`bad fixture spec ${spec}: 1 <= levels <= packages`);
  return { spec: String(spec).trim(), size, levels, deep };
}

export function packageNames(n) {
  return Array.from({ length: n }, (_, i) => `@bench/p${String(i).padStart(3, '0')}`);
}

/** The dependencies of package `i` of `names` in the graph of `spec` (deterministic per spec). */
function dependencyGraph(names, { size, levels, deep }) {
  const random = rng(size);
  if (!deep) {
    const layerOf = (i) => Math.floor((i * LAYERS) / size);
    return names.map((_, i) => {
      const lower = names.filter((_, j) => layerOf(j) < layerOf(i));
      const deps = [];
      for (let k = 0; k < 2 && lower.length; k++)
        deps.push(lower[Math.floor(random() * lower.length)]);
      return deps;
    });
  }
  // Deep: package i is in level i mod L, so every level has packages and level k's first package exists.
  const levelOf = (i) => i % levels;
  const inLevel = (k) => names.filter((_, j) => levelOf(j) === k);
  return names.map((_, i) => {
    const k = levelOf(i);
    if (k === 0) return [];
    const below = inLevel(k - 1);
    const deps = [below[Math.floor(random() * below.length)]];
    const lower = names.filter((_, j) => levelOf(j) < k - 1);
    if (lower.length) deps.push(lower[Math.floor(random() * lower.length)]);
    return deps;
  });
}

/** Writes the monorepo of `spec` (see parseSpec; a number is a flat graph) into `root`; returns the names. */
export function writeMonorepo(root, spec) {
  const shape = parseSpec(spec);
  const n = shape.size;
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, '.changeset'), { recursive: true });
  const names = packageNames(n);
  const graph = dependencyGraph(names, shape);
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'bench-root', private: true, workspaces: ['packages/*'] }, null, 2),
  );
  // changesets (through manypkg) recognises an npm workspace by its lockfile.
  fs.writeFileSync(
    path.join(root, 'package-lock.json'),
    JSON.stringify(
      {
        name: 'bench-root',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name: 'bench-root', workspaces: ['packages/*'] } },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(root, '.changeset', 'config.json'),
    JSON.stringify(
      {
        $schema: 'https://unpkg.com/@changesets/config@3.0.0/schema.json',
        changelog: false,
        commit: false,
        access: 'public',
        baseBranch: 'main',
      },
      null,
      2,
    ),
  );
  names.forEach((name, i) => {
    const dir = path.join(root, 'packages', name.split('/')[1]);
    fs.mkdirSync(dir, { recursive: true });
    const deps = Object.fromEntries(graph[i].map((d) => [d, '^1.0.0']));
    const manifest = {
      name,
      version: '1.0.0',
      description: `Synthetic benchmark package ${i}`,
      main: 'index.js',
      license: 'MIT',
      repository: {
        type: 'git',
        url: `git+https://github.com/${BENCH_REPO}.git`,
        directory: `packages/${name.split('/')[1]}`,
      },
      publishConfig: { access: 'public' },
      dependencies: deps,
    };
    fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.writeFileSync(
      path.join(dir, 'index.js'),
      `'use strict';\nmodule.exports = function p${i}() {\n  return ${JSON.stringify(name)};\n};\n${'// padding\n'.repeat(40)}`,
    );
    fs.writeFileSync(
      path.join(dir, 'README.md'),
      `# ${name}\n\nA synthetic package for trustpub's benchmarks.\n`,
    );
  });
  const git = (...args) =>
    execFileSync('git', args, {
      cwd: root,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'bench',
        GIT_AUTHOR_EMAIL: 'bench@trustpub.invalid',
        GIT_COMMITTER_NAME: 'bench',
        GIT_COMMITTER_EMAIL: 'bench@trustpub.invalid',
      },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench fixture');
  return names;
}

/**
 * A pnpm-workspace copy of the monorepo at `root` in `dest`: pnpm-workspace.yaml instead of the
 * `workspaces` field and npm's lockfile, and sibling ranges written `workspace:^` as in a pnpm monorepo (so
 * pnpm orders the publish by them; it publishes them as `^1.0.0`, the same manifests as the others).
 */
export function writePnpmCopy(root, dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(root, dest, { recursive: true });
  fs.rmSync(path.join(dest, 'package-lock.json'));
  fs.writeFileSync(
    path.join(dest, 'package.json'),
    JSON.stringify({ name: 'bench-root', private: true }, null, 2),
  );
  fs.writeFileSync(path.join(dest, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n");
  for (const dir of fs.readdirSync(path.join(dest, 'packages'))) {
    const file = path.join(dest, 'packages', dir, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const name of Object.keys(manifest.dependencies ?? {}))
      manifest.dependencies[name] = 'workspace:^';
    fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return dest;
}

/**
 * Seeds every package at 0.0.1 with its trusted publisher on a fresh sandbox (16 at a time) and returns
 * the environment of the simulated GitHub job. The ID tokens claim a private repository: no provenance,
 * as in performance-anchors.md.
 */
export async function prepareSandbox(sandbox, names) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(16, names.length) }, async () => {
      while (next < names.length) {
        const name = names[next++];
        await sandbox.seed(name, '0.0.1');
        await sandbox.setTrust(name, {
          type: 'github',
          claims: { repository: BENCH_REPO, workflow_ref: { file: BENCH_WORKFLOW } },
          permissions: ['createPackage'],
        });
      }
    }),
  );
  return sandbox.ciEnv('github', {
    repo: BENCH_REPO,
    workflow: BENCH_WORKFLOW,
    visibility: 'private',
  });
}
