import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as full from '@trustpub/core';
import * as startup from '@trustpub/core/startup';
import { REPO_ROOT } from './support/paths.js';

/**
 * The URLs of every module a fresh Node process loads to import `specifier` (as `core`) and then run
 * `body` (an async script that may use `core`).
 */
function modulesLoadedBy(specifier: string, body = ''): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
    const core = await import(${JSON.stringify(import.meta.resolve(specifier))});
    ${body}
    process.stdout.write(JSON.stringify(loaded));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

/** What the start-up subset leaves out: packing, checks, publishing, provenance, trust management. */
const HEAVY = [
  '/dist/pack/',
  '/dist/diagnose/',
  '/dist/publish/',
  '/dist/provenance/',
  '/dist/trust/',
  '/node_modules/npm-packlist/',
  '/node_modules/tar/',
  '/node_modules/@npmcli/package-json/',
  // Only the trust commands and the checks read repositories.
  '/node_modules/hosted-git-info/',
  // Only packing and the checks replace workspace ranges.
  '/node_modules/semver/',
];

test("the core's startup face loads the release but none of its heavier steps", () => {
  const loaded = modulesLoadedBy('@trustpub/core/startup');
  assert.ok(
    loaded.some((u) => u.includes('/dist/release/plan.js')),
    'the release is part of it',
  );
  assert.deepEqual(
    loaded.filter((u) => HEAVY.some((h) => u.includes(h))),
    [],
  );
  // The full face does load them: the list names what the subset leaves out.
  const all = modulesLoadedBy('@trustpub/core');
  for (const h of HEAVY.slice(0, 5))
    assert.ok(
      all.some((u) => u.includes(h)),
      h,
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
