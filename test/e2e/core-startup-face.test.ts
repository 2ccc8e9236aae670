import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as full from '@trustpub/core';
import * as startup from '@trustpub/core/startup';
import { REPO_ROOT } from './support/paths.js';

/**
 * The URLs of every module a fresh Node process loads to import `specifier` (a package specifier or an
 * absolute path; as `core`) and then run `body` (an async script that may use `core`).
 */
function modulesLoadedBy(specifier: string, body = ''): string[] {
  const url = specifier.startsWith('/')
    ? pathToFileURL(specifier).href
    : import.meta.resolve(specifier);
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
    const core = await import(${JSON.stringify(url)});
    ${body}
    process.stdout.write(JSON.stringify(loaded));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

/**
 * What the start-up subset leaves out: packing, checks, publishing, provenance, trust management (the
 * core's own folders, seen in dist/), and the libraries only they use.
 */
const HEAVY_FOLDERS = [
  '/dist/pack/',
  '/dist/diagnose/',
  '/dist/publish/',
  '/dist/provenance/',
  '/dist/trust/',
];
const HEAVY_LIBRARIES = [
  '/node_modules/npm-packlist/',
  '/node_modules/tar/',
  '/node_modules/@npmcli/package-json/',
  // Only the trust commands and the checks read repositories.
  '/node_modules/hosted-git-info/',
  // Only packing and the checks replace workspace ranges.
  '/node_modules/semver/',
];

const CORE_DIST = path.join(REPO_ROOT, 'packages', 'core', 'dist');

test("the core's startup face loads the release but none of its heavier steps", () => {
  // The compiled files show which of the core's folders it takes in; the bundle keeps each dynamic
  // import a chunk of its own, so what it loads is checked by the libraries.
  const loaded = modulesLoadedBy(path.join(CORE_DIST, 'startup.js'));
  assert.ok(
    loaded.some((u) => u.includes('/dist/release/plan.js')),
    'the release is part of it',
  );
  const heavy = [...HEAVY_FOLDERS, ...HEAVY_LIBRARIES];
  assert.deepEqual(
    loaded.filter((u) => heavy.some((h) => u.includes(h))),
    [],
  );
  // The full face does load them: the list names what the subset leaves out.
  const all = modulesLoadedBy(path.join(CORE_DIST, 'index.js'));
  for (const h of HEAVY_FOLDERS)
    assert.ok(
      all.some((u) => u.includes(h)),
      h,
    );
});

/** Functions of the heavier steps, as the bundle's files define them (the bundle is not minified). */
const HEAVY_FUNCTIONS = ['function packPackage(', 'function publishPackage(', 'function diagnose('];

test('the published startup face (the bundle) loads none of the heavier steps either', () => {
  const bundled = (urls: string[]) =>
    urls
      .filter((u) => u.includes('/packages/core/bundle/'))
      .map((u) => readFileSync(new URL(u), 'utf8'));
  const loaded = modulesLoadedBy('@trustpub/core/startup');
  assert.ok(
    loaded.some((u) => u.includes('/packages/core/bundle/startup.js')),
    'the package face is the bundle',
  );
  assert.deepEqual(
    loaded.filter((u) => u.includes('/packages/core/dist/')),
    [],
    'the bundle does not reach into dist/',
  );
  assert.deepEqual(
    loaded.filter((u) => HEAVY_LIBRARIES.some((h) => u.includes(h))),
    [],
  );
  const code = bundled(loaded);
  for (const f of HEAVY_FUNCTIONS)
    assert.ok(!code.some((text) => text.includes(f)), `${f}...) is in a chunk the start-up loads`);
  // The full face's chunks do define them: the markers name what the subset leaves out.
  const all = bundled(modulesLoadedBy('@trustpub/core'));
  for (const f of HEAVY_FUNCTIONS)
    assert.ok(
      all.some((text) => text.includes(f)),
      f,
    );
});

test('every export of the startup face is the object the full face exports', () => {
  const names = Object.keys(startup);
  assert.ok(names.includes('planRelease') && names.includes('runRelease'));
  for (const name of names)
    assert.equal(
      (startup as Record<string, unknown>)[name],
      (full as Record<string, unknown>)[name],
      name,
    );
});

test('an npm workspace is listed and its package packed without loading yaml', () => {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'startup-face-')), 'ws-npm');
  cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'parity', 'ws-npm'), root, { recursive: true });
  const loaded = modulesLoadedBy(
    '@trustpub/core',
    `const ctx = core.createContext({ env: { PATH: process.env.PATH } });
    const ws = await core.discoverWorkspace(${JSON.stringify(root)}, ctx);
    if (ws.packages.length !== 2) throw new Error('expected the two packages of the fixture');
    await core.packPackage(${JSON.stringify(path.join(root, 'packages', 'x'))}, { ignoreScripts: true }, ctx);`,
  );
  // @manypkg/tools is one module that imports yaml (72 modules); it is loaded for pnpm workspaces only.
  assert.deepEqual(
    loaded.filter(
      (u) => u.includes('/node_modules/yaml/') || u.includes('/node_modules/@manypkg/'),
    ),
    [],
  );
  assert.ok(
    loaded.some((u) => u.includes('/node_modules/tar/')),
    'the package was packed',
  );
});
