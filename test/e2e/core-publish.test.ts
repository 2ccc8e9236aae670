// publishPackage() end to end against the sandbox: OIDC publish, safe re-run, conflict, local refusals
// before any request, a failure after the upload, an older version without a tag, and no token in any
// output. Credentials, provenance and the registry choice are in core-publish-auth.test.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { PublishOptions, TrustpubErrorCode } from '@trustpub/core';
import {
  failedWith,
  pkg,
  publishHelpers,
  REPO,
  useCorePublishSandbox,
} from './core-publish-support.js';

const sandbox = useCorePublishSandbox();
const { job, run } = publishHelpers(sandbox);

test('GitHub job, private repository: published through the exchange, verified, no provenance', async () => {
  const dir = await pkg({
    name: '@e2e/pub-a',
    version: '1.0.0',
    repository: { type: 'git', url: `git+https://github.com/${REPO}.git` },
  });
  const { result, requests } = await run({ dir }, await job());
  assert.equal(result.status, 'published', JSON.stringify(result));
  if (result.status !== 'published') return;
  assert.equal(result.auth, 'oidc');
  assert.equal(result.tag, 'latest');
  assert.equal(result.provenance, undefined);
  assert.match(result.integrity, /^sha512-/);
  // The reported tarball address is where the registry serves those exact bytes.
  assert.equal(result.tarballUrl, `${sandbox.registry}@e2e/pub-a/-/pub-a-1.0.0.tgz`);
  const served = await fetch(result.tarballUrl);
  assert.equal(served.status, 200);
  const bytes = Buffer.from(await served.arrayBuffer());
  assert.equal(`sha512-${createHash('sha512').update(bytes).digest('base64')}`, result.integrity);
  const paths = requests
    .filter((r) => r.server === 'registry')
    .map((r) => `${r.method} ${r.path} ${r.status}`);
  assert.ok(
    paths.includes('POST /-/npm/v1/oidc/token/exchange/package/@e2e%2fpub-a 201'),
    paths.join('\n'),
  );
  assert.ok(
    paths.some((p) => /^PUT \/@e2e%2fpub-a 20\d$/.test(p)),
    paths.join('\n'),
  );

  // The same tarball again: a safe re-run, no exchange and no upload.
  const again = await run({ dir }, await job());
  assert.equal(again.result.status, 'already-published');
  assert.ok(!again.requests.some((r) => r.method === 'PUT' || r.method === 'POST'));

  // Different bytes under the same version: a conflict, nothing uploaded.
  await writeFile(join(dir, 'index.js'), 'module.exports = 2;\n');
  const changed = await run({ dir }, await job());
  const e = failedWith(changed.result, 'PUBLISH_VERSION_CONFLICT');
  assert.match(e.message, /already on .* with different contents/);
  assert.ok(!changed.requests.some((r) => r.method === 'PUT'));
});

describe('refused locally, before any request', () => {
  const cases: [string, Record<string, unknown>, Partial<PublishOptions>, TrustpubErrorCode][] = [
    [
      'private package',
      { name: '@e2e/pub-a', version: '9.0.0', private: true },
      {},
      'CONFIG_PRIVATE_PACKAGE',
    ],
    ['bad version', { name: '@e2e/pub-a', version: '1.0' }, {}, 'CONFIG_INVALID_VERSION'],
    [
      'prerelease without tag',
      { name: '@e2e/pub-a', version: '2.0.0-rc.1' },
      {},
      'CONFIG_PRERELEASE_NEEDS_TAG',
    ],
    [
      'unscoped restricted',
      { name: 'e2e-pub-unscoped', version: '1.0.0' },
      { access: 'restricted' },
      'CONFIG_RESTRICTED_UNSCOPED',
    ],
    [
      'malformed package.json',
      { __raw: '{ "name": "@e2e/pub-a", "version": "1.0.0", }' },
      {},
      'CONFIG_MANIFEST_INVALID',
    ],
    [
      'unknown workspace: target',
      { name: '@e2e/pub-a', version: '9.0.0', dependencies: { '@e2e/nope': 'workspace:^' } },
      {},
      'CONFIG_WORKSPACE_TARGET_UNKNOWN',
    ],
  ];
  for (const [label, manifest, options, code] of cases) {
    test(`${label} -> ${code}`, async () => {
      const dir = await pkg(manifest);
      const { result, requests } = await run({ dir, ...options }, await job());
      failedWith(result, code);
      assert.deepEqual(requests, [], 'no request reached the registry or the issuer');
    });
  }
});

test('a failure after the upload says the version WAS published (postpublish script exits 3)', async () => {
  const dir = await pkg({
    name: '@e2e/pub-dry',
    version: '3.0.0',
    scripts: { postpublish: 'exit 3' },
  });
  const { result, requests } = await run({ dir }, await job());
  const e = failedWith(result, 'PACK_LIFECYCLE_SCRIPT_FAILED');
  assert.match(e.message, /^@e2e\/pub-dry@3\.0\.0 WAS published to /);
  assert.equal(e.details?.published, true);
  assert.ok(requests.some((r) => r.method === 'PUT' && r.status === 201));
  // With scripts ignored, a re-run recognises the stored version.
  const again = await run({ dir, ignoreScripts: true }, await job());
  assert.equal(again.result.status, 'already-published');
});

test('an older version needs an explicit tag, as in npm (CONFIG_LATEST_DOWNGRADE), and publishes with one', async () => {
  const dir = await pkg({ name: '@e2e/pub-a', version: '0.9.0' });
  const refused = await run({ dir }, await job());
  const e = failedWith(refused.result, 'CONFIG_LATEST_DOWNGRADE');
  assert.match(e.message, /1\.0\.0 is already published and higher/);
  assert.ok(
    !refused.requests.some((r) => r.method === 'PUT' || r.method === 'POST'),
    'refused before the exchange',
  );
  const tagged = await run({ dir, tag: 'legacy' }, await job());
  assert.equal(tagged.result.status, 'published', JSON.stringify(tagged.result));
});
