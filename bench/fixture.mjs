// Synthetic monorepos for the benchmarks: an npm workspace of N small packages in four dependency layers
// (each package depends on up to two packages of lower layers), a changesets config and a git repo, so
// trustpub, `npm publish --workspaces` and `changeset publish` all see the same packages.
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

export function packageNames(n) {
  return Array.from({ length: n }, (_, i) => `@bench/p${String(i).padStart(3, '0')}`);
}

/** Writes the monorepo into `root` and returns the package names. */
export function writeMonorepo(root, n) {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, '.changeset'), { recursive: true });
  const names = packageNames(n);
  const random = rng(n);
  const layerOf = (i) => Math.floor((i * LAYERS) / n);
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
    const lower = names.filter((_, j) => layerOf(j) < layerOf(i));
    const deps = {};
    for (let k = 0; k < 2 && lower.length; k++)
      deps[lower[Math.floor(random() * lower.length)]] = '^1.0.0';
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
