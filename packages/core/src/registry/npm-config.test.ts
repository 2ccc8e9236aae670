import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { authKeyFor, authTokenFor, loadNpmConfig, pickRegistry } from './npm-config.js';
import { NpmConfigReads } from './npm-config-reads.js';
import { hasCode, testContext } from '../kernel/support.test.helper.js';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'npmcfg-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

test('registry precedence: @scope:registry > publishConfig.registry > env > project > user > default', async () => {
  const dir = await project({
    'package.json': '{}',
    '.npmrc': 'registry=http://127.0.0.1:1/project/\n@sc:registry=http://127.0.0.1:2/\n',
    'home/.npmrc': 'registry=http://127.0.0.1:3/user/\n',
  });
  const ctx = testContext({ cwd: dir, env: { HOME: join(dir, 'home') } });
  const config = await loadNpmConfig(dir, ctx);
  assert.equal(pickRegistry('plain', {}, config), 'http://127.0.0.1:1/project/');
  assert.equal(
    pickRegistry('@sc/a', { publishConfig: { registry: 'http://127.0.0.1:9/' } }, config),
    'http://127.0.0.1:2/',
  );
  assert.equal(
    pickRegistry('plain', { publishConfig: { registry: 'http://127.0.0.1:9' } }, config),
    'http://127.0.0.1:9/',
  );
  assert.equal(
    pickRegistry('@sc/a', { publishConfig: { '@sc:registry': 'http://127.0.0.1:8/' } }, config),
    'http://127.0.0.1:8/',
  );

  const envConfig = await loadNpmConfig(
    dir,
    testContext({
      cwd: dir,
      env: { HOME: join(dir, 'home'), npm_config_registry: 'http://127.0.0.1:4/' },
    }),
  );
  assert.equal(pickRegistry('plain', {}, envConfig), 'http://127.0.0.1:4/');
  // From a directory with no project above it, only the user .npmrc applies.
  const userOnly = await loadNpmConfig(
    '/',
    testContext({ cwd: '/', env: { HOME: join(dir, 'home') } }),
  );
  assert.equal(pickRegistry('plain', {}, userOnly), 'http://127.0.0.1:3/user/');
  assert.equal(
    pickRegistry('plain', {}, await loadNpmConfig('/', testContext({ env: {} }))),
    'https://registry.npmjs.org/',
  );
});

test('a workspace package reads the .npmrc at the workspace root', async () => {
  const dir = await project({
    'package.json': '{"workspaces":["packages/*"]}',
    '.npmrc': 'registry=http://127.0.0.1:5/\n',
    'packages/a/package.json': '{"name":"a"}',
  });
  const config = await loadNpmConfig(join(dir, 'packages/a'), testContext({ cwd: dir }));
  assert.equal(pickRegistry('a', {}, config), 'http://127.0.0.1:5/');
});

test('loads sharing one NpmConfigReads read each file once (as npm reads its settings once per run)', async () => {
  const dir = await project({
    'package.json': '{"workspaces":["packages/*"]}',
    '.npmrc': 'registry=http://127.0.0.1:5/\n',
    'packages/a/package.json': '{"name":"a"}',
    'packages/b/package.json': '{"name":"b"}',
  });
  const ctx = testContext({ cwd: dir });
  const reads = new NpmConfigReads();
  const a = await loadNpmConfig(join(dir, 'packages/a'), ctx, reads);
  // Changed after the first load: a load through the same reads keeps what the run first read.
  await writeFile(join(dir, '.npmrc'), 'registry=http://127.0.0.1:6/\n');
  const b = await loadNpmConfig(join(dir, 'packages/b'), ctx, reads);
  const fresh = await loadNpmConfig(join(dir, 'packages/b'), ctx);
  assert.equal(pickRegistry('a', {}, a), 'http://127.0.0.1:5/');
  assert.equal(pickRegistry('b', {}, b), 'http://127.0.0.1:5/');
  assert.equal(pickRegistry('b', {}, fresh), 'http://127.0.0.1:6/');
});

test('${VAR} expansion; an unset variable is CONFIG_NPMRC_ENV_MISSING only when that value is used', async () => {
  const dir = await project({
    'package.json': '{}',
    '.npmrc': [
      'registry=http://127.0.0.1:${PORT}/',
      '//127.0.0.1:7/:_authToken=${NODE_AUTH_TOKEN}',
      '//127.0.0.1:6/:_authToken=${UNSET_TOKEN?}',
      '@bad:registry=http://${NOPE}/',
    ].join('\n'),
  });
  const ctx = testContext({ cwd: dir, env: { PORT: '7', NODE_AUTH_TOKEN: 'npm_secretvalue123' } });
  const config = await loadNpmConfig(dir, ctx);
  assert.equal(pickRegistry('x', {}, config), 'http://127.0.0.1:7/');
  assert.equal(authTokenFor('http://127.0.0.1:7/', config), 'npm_secretvalue123');
  assert.equal(
    ctx.secrets.redact('npm_secretvalue123'),
    '***',
    'tokens read from .npmrc are secrets',
  );
  assert.equal(
    authTokenFor('http://127.0.0.1:6/', config),
    undefined,
    '${VAR?} is empty when unset',
  );
  assert.throws(
    () => pickRegistry('@bad/x', {}, config),
    (e: Error) => {
      hasCode('CONFIG_NPMRC_ENV_MISSING')(e);
      assert.match(e.message, /\$\{NOPE\}/);
      return true;
    },
  );
});

test('auth keys match like npm: //host:port/path/ walking up the path', async () => {
  const dir = await project({
    'package.json': '{}',
    '.npmrc':
      '//127.0.0.1:4873/:_authToken=root-token-1\n//127.0.0.1:4873/a/b/:_authToken=deep-token-2\n',
  });
  const config = await loadNpmConfig(dir, testContext({ cwd: dir }));
  assert.equal(authTokenFor('http://127.0.0.1:4873/a/b/', config), 'deep-token-2');
  assert.equal(authTokenFor('http://127.0.0.1:4873/a/c/', config), 'root-token-1');
  assert.equal(
    authTokenFor('http://127.0.0.1:4874/', config),
    undefined,
    'the port is part of the key',
  );
  assert.equal(authKeyFor('http://127.0.0.1:4873/a/'), '//127.0.0.1:4873/a/:_authToken');
});

test('an invalid registry names its source', async () => {
  const dir = await project({ 'package.json': '{}', '.npmrc': 'registry=not a url\n' });
  const config = await loadNpmConfig(dir, testContext({ cwd: dir }));
  assert.throws(() => pickRegistry('x', {}, config), hasCode('CONFIG_REGISTRY_INVALID'));
});
