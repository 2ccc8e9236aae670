// setDistTag() (semantic-release's addChannel) against the sandbox: exchanged token first, a clear
// DIST_TAG_OIDC_REFUSED when the registry does not take it, the fallback token only when named.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createContext, isTrustpubError, setDistTag } from '@trustpub/core';
import { startSandbox, type Sandbox } from '@trustpub/sandbox';

const PKG = '@e2e/core-tag';
const REPO = 'octo-org/octo-repo';
let accepting: Sandbox;
let refusing: Sandbox;

async function prepare(s: Sandbox): Promise<void> {
  await s.seed(PKG, '1.0.0');
  await s.seed(PKG, '1.1.0');
  await s.setTrust(PKG, {
    type: 'github',
    claims: { repository: REPO, workflow_ref: { file: 'release.yml' } },
    permissions: ['createPackage'],
  });
}
before(async () => {
  [accepting, refusing] = await Promise.all([
    startSandbox(),
    startSandbox({ exchangedTokensForDistTags: false }),
  ]);
  await Promise.all([prepare(accepting), prepare(refusing)]);
});
after(() => Promise.all([accepting.stop(), refusing.stop()]));

const lines: string[] = [];
const ctxIn = async (s: Sandbox) =>
  createContext({
    env: await s.ciEnv('github', { repo: REPO, workflow: 'release.yml' }),
    logger: {
      debug: () => {},
      info: (m) => lines.push(m),
      warn: (m) => lines.push(m),
      error: (m) => lines.push(m),
    },
    onSecret: () => {},
  });

async function tags(s: Sandbox): Promise<Record<string, string>> {
  return (await (await fetch(`${s.registry}-/package/@e2e%2fcore-tag/dist-tags`)).json()) as Record<
    string,
    string
  >;
}

test('the exchanged token sets the tag (npm 11.21 sends dist-tag with an exchanged token)', async () => {
  const result = await setDistTag(
    { name: PKG, version: '1.0.0', tag: 'release-1.x', registry: accepting.registry },
    await ctxIn(accepting),
  );
  assert.deepEqual(result, { name: PKG, version: '1.0.0', tag: 'release-1.x', auth: 'oidc' });
  assert.equal((await tags(accepting))['release-1.x'], '1.0.0');
  assert.ok(
    accepting
      .requests()
      .some(
        (r) => r.path.startsWith('/-/npm/v1/oidc/token/exchange/') && r.npmCommand === 'dist-tag',
      ),
  );
});

test('a registry that refuses exchanged tokens for dist-tags: DIST_TAG_OIDC_REFUSED, or the named fallback', async () => {
  const error = await setDistTag(
    { name: PKG, version: '1.0.0', tag: 'next', registry: refusing.registry },
    await ctxIn(refusing),
  ).catch((e: unknown) => e);
  assert.ok(isTrustpubError(error) && error.code === 'DIST_TAG_OIDC_REFUSED', String(error));
  assert.match(error.hint, /fallback-token-env/);
  assert.equal((await tags(refusing)).next, undefined);

  const { token } = await refusing.createUserToken();
  const result = await setDistTag(
    { name: PKG, version: '1.0.0', tag: 'next', registry: refusing.registry, fallbackToken: token },
    await ctxIn(refusing),
  );
  assert.equal(result.auth, 'fallback-token');
  assert.equal((await tags(refusing)).next, '1.0.0');
  assert.ok(!lines.join('\n').includes(token));
});

test('an invalid tag is refused before any request', async () => {
  const before = accepting.requests().length;
  const error = await setDistTag(
    { name: PKG, version: '1.0.0', tag: '1.x', registry: accepting.registry },
    await ctxIn(accepting),
  ).catch((e: unknown) => e);
  assert.ok(isTrustpubError(error) && error.code === 'CONFIG_INVALID_TAG');
  assert.equal(accepting.requests().length, before);
});
