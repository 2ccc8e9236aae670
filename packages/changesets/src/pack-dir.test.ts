import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isTrustpubError } from '@trustpub/core';
import { readPackDir } from './pack-dir.js';
import { tempRepo } from './test-support.test.helper.js';

function packDir(tarball: Buffer, integrityOf: Buffer = tarball): string {
  const integrity = `sha256-${createHash('sha256').update(integrityOf).digest('base64')}`;
  return tempRepo({
    'packages/s-a-1.0.0.tgz': tarball.toString('latin1'),
    'publish-plan.json': {
      version: 1,
      plan: [
        [
          {
            kind: 'publish',
            name: '@s/a',
            version: '1.0.0',
            access: 'public',
            tag: 'latest',
            tarball: { path: 'packages/s-a-1.0.0.tgz', integrity },
          },
          { kind: 'tag-only', name: 'app', version: '0.1.0' },
        ],
      ],
    },
  });
}

test('reads the plan written by changeset pack and resolves the tarballs', async () => {
  const body = Buffer.from('tarball bytes', 'latin1');
  const dir = packDir(body);
  const chunks = await readPackDir(dir);
  assert.equal(chunks.length, 1);
  assert.deepEqual(chunks[0]?.[1], { kind: 'tag-only', name: 'app', version: '0.1.0' });
  const entry = chunks[0]?.[0];
  assert.equal(entry?.kind, 'publish');
  assert.equal(
    entry?.kind === 'publish' && entry.tarballPath,
    path.join(dir, 'packages/s-a-1.0.0.tgz'),
  );
});

test('a tarball that differs from the recorded integrity is refused', async () => {
  const dir = packDir(Buffer.from('changed', 'latin1'), Buffer.from('original', 'latin1'));
  await assert.rejects(
    readPackDir(dir),
    (e) => isTrustpubError(e) && e.code === 'PACK_TARBALL_INVALID' && e.packageName === '@s/a',
  );
});

test('a missing plan, a missing tarball and an unknown format version are explained', async () => {
  const empty = tempRepo({ 'x.txt': '' });
  await assert.rejects(
    readPackDir(empty),
    (e) =>
      isTrustpubError(e) && /publish-plan\.json/.test(e.message) && /--from-pack-dir/.test(e.hint),
  );
  const dir = packDir(Buffer.from('x'));
  fs.rmSync(path.join(dir, 'packages/s-a-1.0.0.tgz'));
  await assert.rejects(readPackDir(dir), (e) => isTrustpubError(e) && /missing/.test(e.message));
  fs.writeFileSync(path.join(dir, 'publish-plan.json'), JSON.stringify({ version: 2, plan: [] }));
  await assert.rejects(readPackDir(dir), (e) => isTrustpubError(e) && /version 2/.test(e.message));
});
