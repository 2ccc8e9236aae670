// publishPackage() end to end against the sandbox, how it authenticates and where it publishes: the
// dry run's exchange check, no credentials, a fallback token only when named, provenance signed with
// the sandbox Sigstore, and the registry chosen as npm chooses it; no token in any output.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  failedWith,
  pkg,
  publishHelpers,
  REPO,
  secrets,
  useCorePublishSandbox,
} from './core-publish-support.js';

const sandbox = useCorePublishSandbox();
const { job, run } = publishHelpers(sandbox);

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
