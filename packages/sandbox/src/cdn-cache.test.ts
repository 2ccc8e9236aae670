import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox } from './types.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ cdnCacheMs: 60_000 });
  await sandbox.seed('@cdn/pkg', '1.0.0');
});
after(async () => {
  await sandbox.stop();
});

async function versions(query = '', headers: Record<string, string> = {}) {
  const res = await fetch(new URL(`@cdn%2fpkg${query}`, sandbox.registry), { headers });
  const doc = (await res.json()) as { versions?: Record<string, unknown> };
  return { cdn: res.headers.get('x-sandbox-cdn'), versions: Object.keys(doc.versions ?? {}) };
}

test('an anonymous read is cached past a publish; ?write=true and token reads see the registry', async () => {
  assert.deepEqual(await versions(), { cdn: 'MISS', versions: ['1.0.0'] });
  await sandbox.seed('@cdn/pkg', '1.1.0');
  // What `npm view` or a release tool's "already published?" check would see for up to max-age.
  assert.deepEqual(await versions(), { cdn: 'HIT', versions: ['1.0.0'] });
  assert.deepEqual(await versions('?write=true'), { cdn: null, versions: ['1.0.0', '1.1.0'] });
  const token = await sandbox.createReadToken();
  assert.deepEqual(await versions('', { authorization: `Bearer ${token}` }), {
    cdn: null,
    versions: ['1.0.0', '1.1.0'],
  });
  // The abbreviated (corgi) document is cached apart from the full one.
  const corgi = await versions('', { accept: 'application/vnd.npm.install-v1+json' });
  assert.deepEqual(corgi, { cdn: 'MISS', versions: ['1.0.0', '1.1.0'] });
});

test('a 404 is cached as well: a package created after the first read stays missing there', async () => {
  const url = new URL('@cdn%2fnew', sandbox.registry);
  assert.equal((await fetch(url)).status, 404);
  await sandbox.seed('@cdn/new', '0.1.0');
  const cached = await fetch(url);
  assert.equal(cached.status, 404);
  assert.equal(cached.headers.get('x-sandbox-cdn'), 'HIT');
  assert.equal((await fetch(new URL('?write=true', url))).status, 200);
});
