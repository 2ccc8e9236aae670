// The read-only install path: packages of the restricted scope need a token to read. npm installs one with
// a read-only token (held in the environment, referenced from .npmrc as ${VAR}), is refused without one
// (404, as npmjs hides restricted packages), and the read-only token can never publish.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fixturePackage, runNpm } from './sandbox-npm-helper.js';
import { tempDir } from './support/temp.js';
import { useSandbox } from './support/sandbox.js';

const SECRET = '@private-scope/secret-lib';
let readToken: string;
let authLine: string;

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    await sandbox.seed(SECRET, '1.0.0');
    readToken = await sandbox.createReadToken();
    const url = new URL(sandbox.registry);
    authLine = `//${url.host}${url.pathname}:_authToken=\${SANDBOX_READ_TOKEN}\n`;
  },
});

function consumer(): string {
  const dir = tempDir('consumer-');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      version: '1.0.0',
      private: true,
      dependencies: { [SECRET]: '^1.0.0' },
    }),
  );
  return dir;
}

test('npm install of a restricted-scope package works with a read-only token', async () => {
  const cwd = consumer();
  const r = await runNpm(['install', '--no-package-lock'], {
    cwd,
    registry: sandbox.registry,
    npmrc: authLine,
    env: { SANDBOX_READ_TOKEN: readToken },
  });
  assert.equal(r.code, 0, r.stderr);
  const installed = JSON.parse(
    fs.readFileSync(path.join(cwd, 'node_modules', SECRET, 'package.json'), 'utf8'),
  ) as { version: string };
  assert.equal(installed.version, '1.0.0');
});

test('npm install of a restricted-scope package without a token is refused with 404, as on npmjs', async () => {
  const r = await runNpm(['install', '--no-package-lock'], {
    cwd: consumer(),
    registry: sandbox.registry,
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /E404/);
  assert.match(r.stderr, /404 Not Found - GET .*@private-scope%2fsecret-lib/);
});

test('the read-only token cannot publish (403), neither through npm nor by a raw PUT', async () => {
  const cwd = fixturePackage(SECRET, '1.0.1');
  const r = await runNpm(['publish'], {
    cwd,
    registry: sandbox.registry,
    npmrc: authLine,
    env: { SANDBOX_READ_TOKEN: readToken },
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /E403/);
  const put = await fetch(
    `${sandbox.registry}-/package/@private-scope%2fsecret-lib/dist-tags/next`,
    {
      method: 'PUT',
      headers: { authorization: `Bearer ${readToken}`, 'content-type': 'application/json' },
      body: '"1.0.0"',
    },
  );
  assert.equal(put.status, 403);
  const versions = (await (
    await fetch(`${sandbox.registry}@private-scope%2fsecret-lib`, {
      headers: { authorization: `Bearer ${readToken}` },
    })
  ).json()) as { versions: object };
  assert.deepEqual(Object.keys(versions.versions), ['1.0.0']);
});

test('visibility: restricted-scope packages are not public, others are', async () => {
  await sandbox.seed('@e2e/open');
  const open = await fetch(`${sandbox.registry}-/package/@e2e%2fopen/visibility`);
  assert.deepEqual(await open.json(), { public: true });
  const closed = await fetch(
    `${sandbox.registry}-/package/@private-scope%2fsecret-lib/visibility`,
    { headers: { authorization: `Bearer ${readToken}` } },
  );
  assert.deepEqual(await closed.json(), { public: false });
  assert.equal((await fetch(`${sandbox.registry}-/package/@e2e%2fmissing/visibility`)).status, 404);
});
