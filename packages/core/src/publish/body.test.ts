import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { buildPublishBody, servedTarballUrl, tarballUrl } from './body.js';
import type { PackedPackage } from '../kernel/index.js';

type Body = {
  versions: Record<string, Record<string, unknown>>;
  _attachments: Record<string, unknown>;
  [k: string]: unknown;
};

function packed(name: string, version: string, extra: Record<string, unknown> = {}): PackedPackage {
  const tarball = new Uint8Array([1, 2, 3, 4]);
  return {
    manifest: { name, version, description: 'd', ...extra },
    tarball,
    integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
    shasum: createHash('sha1').update(tarball).digest('hex'),
    files: [],
  };
}

test("the body has libnpmpublish's shape (npm 11.21's captured body)", () => {
  const p = packed('@sc/pkg-e', '1.0.0');
  const body = buildPublishBody(p, {
    tag: 'latest',
    access: null,
    registry: 'http://127.0.0.1:4873/',
  }) as Body;
  assert.deepEqual(Object.keys(body), [
    '_id',
    'name',
    'description',
    'dist-tags',
    'versions',
    'access',
    '_attachments',
  ]);
  assert.equal(body._id, '@sc/pkg-e');
  assert.deepEqual(body['dist-tags'], { latest: '1.0.0' });
  assert.equal(body.access, null);
  const v = body.versions['1.0.0']!;
  assert.equal(v._id, '@sc/pkg-e@1.0.0');
  assert.equal(v._nodeVersion, process.versions.node);
  assert.equal(v._npmVersion, undefined);
  assert.deepEqual(v.dist, {
    integrity: p.integrity,
    shasum: p.shasum,
    tarball: 'http://127.0.0.1:4873/@sc/pkg-e/-/@sc/pkg-e-1.0.0.tgz',
  });
  assert.deepEqual(body._attachments, {
    '@sc/pkg-e-1.0.0.tgz': {
      content_type: 'application/octet-stream',
      data: Buffer.from([1, 2, 3, 4]).toString('base64'),
      length: 4,
    },
  });
});

test('provenance goes in as a second attachment with the raw JSON string; https tarball URLs become http', () => {
  const bundle = {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    dsseEnvelope: { payload: 'x' },
  };
  const body = buildPublishBody(packed('a', '2.0.0'), {
    tag: 'next',
    access: 'public',
    registry: 'https://r.example/',
    provenance: bundle,
  }) as Body;
  const json = JSON.stringify(bundle);
  assert.deepEqual(body._attachments['a-2.0.0.sigstore'], {
    content_type: bundle.mediaType,
    data: json,
    length: json.length,
  });
  assert.deepEqual(body['dist-tags'], { next: '2.0.0' });
  assert.equal(body.access, 'public');
  assert.equal(
    tarballUrl('a', '2.0.0', 'https://r.example/prefix/'),
    'http://r.example/prefix/a/-/a-2.0.0.tgz',
  );
});

test('servedTarballUrl: where registries serve the file (bare name in the file, scheme kept)', () => {
  assert.equal(
    servedTarballUrl('@scope/pkg', '1.2.3', 'https://registry.npmjs.org/'),
    'https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3.tgz',
  );
  assert.equal(
    servedTarballUrl('pkg', '1.0.0', 'http://127.0.0.1:4873/'),
    'http://127.0.0.1:4873/pkg/-/pkg-1.0.0.tgz',
  );
});
