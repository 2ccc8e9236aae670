import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// scripts/check-imports.mjs runs in `npm run lint`; these prove it holds on the real tree and that each
// kind of break it is there for makes it fail.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const script = path.join(root, 'scripts/check-imports.mjs');
const coreSrc = path.join(root, 'packages/core/src');

function check(src?: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [script, ...(src ? ['--src', src] : [])], {
    encoding: 'utf8',
  });
  if (src) fs.rmSync(path.dirname(src), { recursive: true, force: true });
  return { status: r.status, out: r.stdout + r.stderr };
}

function copyCore(edit: (src: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustpub-imports-'));
  const src = path.join(dir, 'src');
  fs.cpSync(coreSrc, src, { recursive: true });
  edit(src);
  return src;
}

const append = (src: string, file: string, line: string) =>
  fs.appendFileSync(path.join(src, file), `\n${line}\n`);

test('the core as it is follows the import rule', () => {
  const r = check();
  assert.equal(r.status, 0, r.out);
});

test('an upward import between folders fails the check', () => {
  const src = copyCore((s) =>
    append(s, 'registry/http.ts', "import { planRelease } from '../release/index.js';"),
  );
  const r = check(src);
  assert.equal(r.status, 1);
  assert.match(r.out, /registry\/http\.ts: imports release\/, which is not below registry\//);
});

test('a deep import into another folder fails the check', () => {
  const src = copyCore((s) =>
    append(s, 'publish/body.ts', "import { decodeClaims } from '../oidc/claims.js';"),
  );
  const r = check(src);
  assert.equal(r.status, 1);
  assert.match(r.out, /publish\/body\.ts: deep import of oidc\/claims\.ts/);
});

test('an import cycle fails the check, even inside one folder', () => {
  const src = copyCore((s) => {
    append(s, 'registry/http.ts', "import { loadNpmConfig } from './npm-config.js';");
    append(s, 'registry/npm-config.ts', "import { registryRequest } from './http.js';");
  });
  const r = check(src);
  assert.equal(r.status, 1);
  assert.match(r.out, /import cycle among: .*registry\/(http|npm-config)\.ts/);
});
