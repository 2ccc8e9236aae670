// publishPackage() end to end against the sandbox: OIDC publish, safe re-run, conflict, local refusals
// before any request, dry run, fallback token only when named, provenance, and no token in any output.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createContext,
  publishPackage,
  type CoreContext,
  type PublishOptions,
  type PublishResult,
  type TrustpubErrorCode,
} from '@trustpub/core';
import { startSandbox, type Sandbox } from '@trustpub/sandbox';
import { tempDir } from './support/temp.js';

const REPO = 'octo-org/octo-repo';
let sandbox: Sandbox;
const secrets: string[] = [];

before(async () => {
  sandbox = await startSandbox();
  for (const name of ['@e2e/pub-a', '@e2e/pub-dry', '@e2e/pub-prov', 'e2e-pub-unscoped']) {
    await sandbox.seed(name, '0.0.1');
    await sandbox.setTrust(name, {
      type: 'github',
      claims: { repository: REPO, workflow_ref: { file: 'release.yml' } },
      permissions: ['createPackage'],
    });
  }
});
after(() => sandbox.stop());

async function pkg(
  manifest: Record<string, unknown>,
  files: Record<string, string> = { 'index.js': 'module.exports = 1;\n' },
): Promise<string> {
  const dir = tempDir('core-publish-');
  await writeFile(
    join(dir, 'package.json'),
    typeof manifest.__raw === 'string' ? manifest.__raw : `${JSON.stringify(manifest, null, 2)}\n`,
  );
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text);
  return dir;
}

function ctxFor(
  env: Record<string, string | undefined>,
  cwd: string,
): CoreContext & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  const ctx = createContext({
    env,
    cwd,
    logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
    sleep: async () => {},
    onSecret: (v) => secrets.push(v),
  });
  return Object.assign(ctx, { lines });
}

const job = (visibility: 'public' | 'private' = 'private') =>
  sandbox.ciEnv('github', { repo: REPO, workflow: 'release.yml', visibility });

async function run(
  options: PublishOptions,
  env: Record<string, string | undefined>,
): Promise<{ result: PublishResult; lines: string[]; requests: ReturnType<Sandbox['requests']> }> {
  const ctx = ctxFor(env, options.dir);
  const before = sandbox.requests().length;
  const result = await publishPackage(options, ctx);
  const text = `${JSON.stringify(result)}\n${result.status === 'failed' ? `${result.error.message}\n${result.error.hint}` : ''}\n${ctx.lines.join('\n')}`;
  for (const s of secrets)
    assert.ok(!text.includes(s), 'a token appeared in the result or the log');
  return { result, lines: ctx.lines, requests: sandbox.requests().slice(before) };
}

function failedWith(result: PublishResult, code: TrustpubErrorCode) {
  assert.equal(result.status, 'failed', JSON.stringify(result));
  if (result.status !== 'failed') throw new Error('unreachable');
  assert.equal(result.error.code, code, `${result.error.code}: ${result.error.message}`);
  return result.error;
}

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

test('dry run: the exchange is checked (as npm does), nothing is signed or uploaded, the plan is returned', async () => {
  const dir = await pkg({ name: '@e2e/pub-dry', version: '1.0.0' });
  const { result, requests } = await run({ dir, dryRun: true, tag: 'next' }, await job());
  assert.equal(result.status, 'skipped', JSON.stringify(result));
  if (result.status !== 'skipped') return;
  assert.equal(result.reason, 'dry-run');
  assert.deepEqual(result.plan, {
    name: '@e2e/pub-dry',
    version: '1.0.0',
    tag: 'next',
    access: null,
    registry: sandbox.registry,
    provenance: false,
    dir,
  });
  assert.ok(requests.some((r) => r.method === 'POST' && r.status === 201));
  assert.ok(!requests.some((r) => r.method === 'PUT'));
});

test('no CI and no fallback token: PUBLISH_NO_CREDENTIALS; a token in .npmrc is not used', async () => {
  const dir = await pkg({ name: '@e2e/pub-dry', version: '1.0.1' });
  await writeFile(
    join(dir, '.npmrc'),
    `//127.0.0.1:${new URL(sandbox.registry).port}/:_authToken=npm_placeholderTOKEN123\n`,
  );
  const { result, requests } = await run({ dir }, { npm_config_registry: sandbox.registry });
  failedWith(result, 'PUBLISH_NO_CREDENTIALS');
  assert.ok(!requests.some((r) => r.method === 'PUT'));
});

test('a refused exchange fails the package unless a fallback token is named; then the result says so', async () => {
  const dir = await pkg({ name: '@e2e/pub-dry', version: '1.0.2' });
  const wrong = await sandbox.ciEnv('github', {
    repo: REPO,
    workflow: 'other.yml',
    visibility: 'private',
  });
  const refused = await run({ dir }, wrong);
  const e = failedWith(refused.result, 'EXCHANGE_NO_TRUSTED_PUBLISHER');
  assert.match(
    e.hint,
    /trustpub trust github @e2e\/pub-dry --repo octo-org\/octo-repo --file other\.yml/,
  );

  const { token } = await sandbox.createUserToken();
  secrets.push(token);
  const fallback = await run({ dir, fallbackToken: token }, wrong);
  assert.equal(fallback.result.status, 'published', JSON.stringify(fallback.result));
  if (fallback.result.status === 'published') assert.equal(fallback.result.auth, 'fallback-token');
  assert.ok(
    fallback.lines.some(
      (l) =>
        l.startsWith('warn') &&
        l.includes('EXCHANGE_NO_TRUSTED_PUBLISHER') &&
        l.includes('fallback token'),
    ),
  );
});

test('public repository: provenance signed with the sandbox Sigstore, accepted, served and verified', async () => {
  const dir = await pkg({
    name: '@e2e/pub-prov',
    version: '1.0.0',
    repository: { type: 'git', url: `git+https://github.com/${REPO}.git` },
  });
  const { result, lines } = await run({ dir }, await job('public'));
  assert.equal(result.status, 'published', `${JSON.stringify(result)}\n${lines.join('\n')}`);
  if (result.status !== 'published') return;
  assert.ok(result.provenance, 'provenance info in the result');
  assert.equal(result.provenance.predicateType, 'https://slsa.dev/provenance/v1');
  assert.match(
    result.provenance.attestationsUrl ?? '',
    /\/-\/npm\/v1\/attestations\/@e2e%2fpub-prov@1\.0\.0$/,
  );
});

test('registry choice as npm: @scope:registry from .npmrc and publishConfig.registry win over npm_config_registry', async () => {
  const env = { ...(await job()), npm_config_registry: 'http://127.0.0.1:9/' };
  const scoped = await pkg({ name: '@e2e/pub-dry', version: '2.0.0' });
  await writeFile(join(scoped, '.npmrc'), `@e2e:registry=${sandbox.registry}\n`);
  const a = await run({ dir: scoped }, env);
  assert.equal(a.result.status, 'published', JSON.stringify(a.result));
  assert.ok(
    a.requests.some(
      (r) => r.path === '/-/npm/v1/oidc/token/exchange/package/@e2e%2fpub-dry' && r.status === 201,
    ),
  );

  const viaManifest = await pkg({
    name: 'e2e-pub-unscoped',
    version: '2.0.0',
    publishConfig: { registry: sandbox.registry },
  });
  const b = await run({ dir: viaManifest }, env);
  assert.equal(b.result.status, 'published', JSON.stringify(b.result));
  if (b.result.status === 'published') assert.equal(b.result.registry, sandbox.registry);
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
