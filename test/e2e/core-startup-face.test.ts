import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import * as full from '@trustpub/core';
import * as startup from '@trustpub/core/startup';

/** The URLs of every module a fresh Node process loads to import `specifier`. */
function modulesLoadedBy(specifier: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
    await import(${JSON.stringify(import.meta.resolve(specifier))});
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
