import assert from 'node:assert/strict';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { audienceFor, createIdTokenCache, getIdToken } from './id-token.js';
import { fakeJwt, hasCode, testContext } from '../kernel/support.test.helper.js';

const NOW = 1_800_000_000_000;
const AUD = 'npm:127.0.0.1';

test('audience is npm: + hostname only (no port, no path), as npm sends it', () => {
  assert.equal(audienceFor('http://127.0.0.1:4873/some/prefix/'), 'npm:127.0.0.1');
  assert.equal(audienceFor('https://registry.npmjs.org/'), 'npm:registry.npmjs.org');
});

test('NPM_ID_TOKEN is used first and registered as a secret', async () => {
  const token = fakeJwt({ aud: AUD, exp: NOW / 1000 + 300, iat: NOW / 1000 });
  const ctx = testContext({ env: { NPM_ID_TOKEN: token }, now: () => NOW });
  assert.equal(await getIdToken({ provider: 'gitlab', canRequestIdToken: true }, AUD, ctx), token);
  assert.equal(ctx.secrets.redact(`x ${token} y`), 'x *** y');
});

test('a token for another audience names both audiences', async () => {
  const ctx = testContext({
    env: { NPM_ID_TOKEN: fakeJwt({ aud: 'npm:registry.npmjs.org' }) },
    now: () => NOW,
  });
  await assert.rejects(
    getIdToken({ provider: 'gitlab', canRequestIdToken: true }, AUD, ctx),
    (e: Error) => {
      hasCode('ID_TOKEN_AUDIENCE_MISMATCH')(e);
      assert.match(e.message, /"npm:registry\.npmjs\.org".*"npm:127\.0\.0\.1"/);
      return true;
    },
  );
});

test('an expired token is refused locally with its exp', async () => {
  const ctx = testContext({
    env: { NPM_ID_TOKEN: fakeJwt({ aud: AUD, exp: NOW / 1000 - 10 }) },
    now: () => NOW,
  });
  await assert.rejects(
    getIdToken({ provider: 'github', canRequestIdToken: true }, AUD, ctx),
    hasCode('ID_TOKEN_EXPIRED'),
  );
});

test('GitLab without NPM_ID_TOKEN says how to declare id_tokens', async () => {
  const ctx = testContext({ env: {} });
  await assert.rejects(
    getIdToken({ provider: 'gitlab', canRequestIdToken: false }, AUD, ctx),
    (e: Error & { hint: string }) => {
      hasCode('ID_TOKEN_MISSING')(e);
      assert.match(e.hint, /id_tokens: \{ NPM_ID_TOKEN: \{ aud: "npm:127\.0\.0\.1" \} \}/);
      return true;
    },
  );
});

test('GitHub without the request variables: add `permissions: id-token: write`', async () => {
  const ctx = testContext({ env: { GITHUB_ACTIONS: 'true' } });
  await assert.rejects(
    getIdToken({ provider: 'github', canRequestIdToken: false }, AUD, ctx),
    (e: Error & { hint: string }) => {
      hasCode('ID_TOKEN_PERMISSION_MISSING')(e);
      assert.match(e.hint, /permissions: id-token: write/);
      return true;
    },
  );
});

test('a pull request from a fork is recognised from the event payload', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fork-'));
  const eventPath = join(dir, 'event.json');
  await writeFile(
    eventPath,
    JSON.stringify({ pull_request: { head: { repo: { fork: true, full_name: 'x/r' } } } }),
  );
  const ctx = testContext({
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'o/r',
    },
  });
  await assert.rejects(
    getIdToken({ provider: 'github', canRequestIdToken: false }, AUD, ctx),
    hasCode('ID_TOKEN_FORK_PULL_REQUEST'),
  );
});

test('a malformed ACTIONS_ID_TOKEN_REQUEST_URL has its own code', async () => {
  const ctx = testContext({
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: '//github.com',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-1234',
    },
  });
  await assert.rejects(
    getIdToken({ provider: 'github', canRequestIdToken: true }, AUD, ctx),
    hasCode('ID_TOKEN_REQUEST_URL_INVALID'),
  );
});

test('CircleCI: a stale NPM_ID_TOKEN without the circleci CLI is refused with the command to use', async () => {
  const stale = fakeJwt({ aud: AUD, iat: NOW / 1000 - 400, exp: NOW / 1000 + 3000 });
  const ctx = testContext({ env: { NPM_ID_TOKEN: stale, PATH: '/nonexistent' }, now: () => NOW });
  await assert.rejects(
    getIdToken({ provider: 'circleci', canRequestIdToken: true }, AUD, ctx),
    (e: Error & { hint: string }) => {
      hasCode('ID_TOKEN_CIRCLECI_STALE')(e);
      assert.match(e.message, /issued 400s ago/);
      assert.ok(e.hint.includes(`circleci run oidc get --claims '{"aud":"npm:127.0.0.1"}'`));
      return true;
    },
  );
});

test('CircleCI: a stale token is refreshed with `circleci run oidc get`, and the cache asks once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'circleci-'));
  const fresh = fakeJwt({ aud: AUD, iat: NOW / 1000, exp: NOW / 1000 + 3000 });
  const calls = join(dir, 'calls');
  // A stand-in CLI on PATH: records its arguments and prints a token, like the real one.
  // It drains stdin first: the context's spawn writes (an empty) stdin, which a process that already exited cannot take.
  await writeFile(
    join(dir, 'circleci'),
    `#!/bin/sh\ncat > /dev/null\necho "$@" >> ${calls}\necho ${fresh}\n`,
  );
  await chmod(join(dir, 'circleci'), 0o755);
  const stale = fakeJwt({ aud: AUD, iat: NOW / 1000 - 400, exp: NOW / 1000 + 3000 });
  const ctx = testContext({
    env: { NPM_ID_TOKEN: stale, PATH: `${dir}:/usr/bin:/bin` },
    now: () => NOW,
  });
  const cache = createIdTokenCache({ provider: 'circleci', canRequestIdToken: true }, ctx);
  assert.equal(await cache.get(AUD), fresh);
  assert.equal(await cache.get(AUD), fresh);
  const { readFile } = await import('node:fs/promises');
  assert.equal(await readFile(calls, 'utf8'), `run oidc get --claims {"aud":"npm:127.0.0.1"}\n`);
});

test('the cache answers each audience with its own token: NPM_ID_TOKEN never for sigstore', async () => {
  const npmToken = fakeJwt({ aud: AUD, exp: NOW / 1000 + 300, iat: NOW / 1000 });
  const sigstoreToken = fakeJwt({ aud: 'sigstore', exp: NOW / 1000 + 300, iat: NOW / 1000 });
  const ctx = testContext({
    env: { NPM_ID_TOKEN: npmToken, SIGSTORE_ID_TOKEN: sigstoreToken },
    now: () => NOW,
  });
  const cache = createIdTokenCache({ provider: 'gitlab', canRequestIdToken: true }, ctx);
  assert.equal(await cache.get('sigstore'), sigstoreToken);
  assert.equal(await cache.get(AUD), npmToken);
  assert.equal(ctx.secrets.redact(sigstoreToken), '***');
});

test('with only NPM_ID_TOKEN set, the sigstore audience is missing (named), not answered with the npm token', async () => {
  // A token whose aud also lists sigstore shows the npm variable is not read at all for that audience.
  const npmToken = fakeJwt({ aud: [AUD, 'sigstore'], exp: NOW / 1000 + 300, iat: NOW / 1000 });
  const ctx = testContext({ env: { NPM_ID_TOKEN: npmToken }, now: () => NOW });
  const cache = createIdTokenCache({ provider: 'gitlab', canRequestIdToken: true }, ctx);
  await assert.rejects(cache.get('sigstore'), (e: Error & { hint: string }) => {
    hasCode('ID_TOKEN_MISSING')(e);
    assert.match(e.message, /audience "sigstore".*SIGSTORE_ID_TOKEN is not set/);
    assert.match(e.hint, /SIGSTORE_ID_TOKEN: \{ aud: "sigstore" \}/);
    return true;
  });
  assert.equal(await cache.get(AUD), npmToken);
});
