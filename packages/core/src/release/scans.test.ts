import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createContext } from '../kernel/index.js';
import { isTrustpubError } from '../errors/index.js';
import { listingsReusable, ReleaseScans } from './scans.js';

const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

/** A folder with `count` small packages; the ones named in `keyed` carry a private key. */
async function packages(count: number, keyed: readonly number[] = []) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'scans-'));
  const pkgs = [];
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, `p${i}`);
    await mkdir(dir);
    const manifest = { name: `p${i}`, version: '1.0.0' };
    await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
    await writeFile(path.join(dir, 'index.js'), 'module.exports = 1;\n');
    if (keyed.includes(i)) await writeFile(path.join(dir, 'id.pem'), PEM);
    pkgs.push({ ...manifest, dir });
  }
  return { root, pkgs };
}

const ctxAt = (cwd: string) => createContext({ cwd, env: { PATH: process.env.PATH } });
const emptyWorkspace = (root: string) => ({ root, packages: new Map(), catalogs: new Map() });

test('a scan finds a key by file and keeps the listing for the pack; a clean package is clean', async () => {
  const { root, pkgs } = await packages(2, [1]);
  const scans = new ReleaseScans({}, emptyWorkspace(root), ctxAt(root));
  for (const p of pkgs) scans.start(p);
  assert.equal(await scans.get('p0'), 'clean');
  const found = await scans.get('p1');
  assert.ok(isTrustpubError(found) && found.code === 'PACK_SECRET_FOUND', String(found));
  assert.match(found.message, /id\.pem line 1/);
  assert.deepEqual(scans.listing('p1')?.files.sort(), ['id.pem', 'index.js', 'package.json']);
  assert.equal(scans.get('p9'), undefined, 'a package never started has no scan');
});

test('an accepted file is not a finding', async () => {
  const { root, pkgs } = await packages(1, [0]);
  const allowed = new ReleaseScans(
    { allowFiles: ['p0/id.pem'] },
    emptyWorkspace(root),
    ctxAt(root),
  );
  allowed.start(pkgs[0] as (typeof pkgs)[number]);
  assert.equal(await allowed.get('p0'), 'clean');
});

test('settled() waits for every scan, also one started while it waits', async () => {
  const { root, pkgs } = await packages(6, [5]);
  // The late one takes longer than the others, so it is not done by the time they are.
  for (let i = 0; i < 300; i++)
    await writeFile(path.join(root, 'p5', `f${i}.js`), `module.exports = ${i};\n`);
  const scans = new ReleaseScans({}, emptyWorkspace(root), ctxAt(root));
  const finished = new Set<string>();
  const start = (p: (typeof pkgs)[number]) => {
    scans.start(p);
    void scans.get(p.name)?.then(() => finished.add(p.name));
  };
  for (const p of pkgs.slice(0, 5)) start(p);
  const settled = scans.settled();
  // Four run at once: the sixth, started now, runs after the first five have begun.
  start(pkgs[5] as (typeof pkgs)[number]);
  await settled;
  assert.deepEqual([...finished].sort(), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  assert.ok(isTrustpubError(await scans.get('p5')));
});

test('a run takes the plan scans only with the same manager and accepted files', () => {
  const scans = new ReleaseScans(
    { packAs: 'pnpm', allowFiles: ['a.pem'] },
    emptyWorkspace('/'),
    ctxAt('/'),
  );
  assert.ok(scans.matches({ packAs: 'pnpm', allowFiles: ['a.pem'] }));
  assert.ok(!scans.matches({ packAs: 'npm', allowFiles: ['a.pem'] }));
  assert.ok(!scans.matches({ packAs: 'pnpm' }));
  assert.ok(!scans.matches({ packAs: 'pnpm', allowFiles: ['b.pem'] }));
});

test("a pack reuses the plan's listings only when no package of the release can run a script", () => {
  const quiet = { manifest: { scripts: { test: 'node test.js', build: 'tsc' } } };
  const builds = { manifest: { scripts: { prepare: 'tsc -b ..' } } };
  const cleans = { manifest: { scripts: { postpublish: 'rm -rf ../other/dist' } } };
  assert.ok(listingsReusable([quiet, { manifest: {} }], undefined));
  assert.ok(
    !listingsReusable([quiet, builds], undefined),
    "another package's prepare may write here",
  );
  assert.ok(!listingsReusable([cleans], false));
  assert.ok(
    listingsReusable([quiet, builds, cleans], true),
    'no script runs with --ignore-scripts',
  );
});

test('the warm-up scans one package at a time, in order, until told to stop; a later start reuses it', async () => {
  const { root, pkgs } = await packages(5, [1]);
  const scans = new ReleaseScans({}, emptyWorkspace(root), ctxAt(root));
  const seen: (string | undefined)[][] = [];
  let asked = 0;
  // Stop once two scans have finished: the third is never started.
  await scans.warmUp(pkgs, () => {
    seen.push(pkgs.map((p) => (scans.get(p.name) ? p.name : undefined)));
    // Every scan started so far has listed its files: the warm-up waited for it.
    for (const name of seen.at(-1) ?? []) if (name) assert.ok(scans.listing(name), name);
    return ++asked > 2;
  });
  assert.deepEqual(seen, [
    [undefined, undefined, undefined, undefined, undefined],
    ['p0', undefined, undefined, undefined, undefined],
    ['p0', 'p1', undefined, undefined, undefined],
  ]);
  assert.equal(scans.get('p2'), undefined);
  const warmed = scans.get('p1');
  scans.start(pkgs[1] as (typeof pkgs)[number]);
  assert.equal(scans.get('p1'), warmed, 'the warmed scan is the one the preflight takes');
  assert.ok(isTrustpubError(await warmed));
  assert.equal(await scans.get('p0'), 'clean');
});
