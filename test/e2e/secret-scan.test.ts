// A package carrying a private key (or an npm token in an .env file) is refused before anything is
// uploaded for the release, with the file and line named, by the CLI, changeset-oidc and the
// semantic-release plugin; a file a person reviewed is accepted with --allow-file / allowFiles; and the
// parity corpus, packed exactly as published, holds no secret.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createContext, packPackage, scanTarball } from '@trustpub/core';
import { runTrustpub, tempDir, trust, writeNpmWorkspace, githubJob } from './cli-harness.js';
import {
  changesetOidc,
  changesetsConfig,
  createRepo as createChangesetsRepo,
  npmWorkspaceRoot,
  pkg,
  seedAndTrust as seedAndTrustChangesets,
  trustedJobEnv,
} from './changesets-harness.js';
import {
  commitAndPush,
  createPackageRepo,
  errorCodes,
  releaseWith,
  seedAndTrust as seedAndTrustSemrel,
} from './semantic-release-harness.js';
import { REPO_ROOT } from './support/paths.js';
import { useSandbox } from './support/sandbox.js';

const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const sandbox = useSandbox();

/** Uploads (PUT of a package document) the sandbox answered since `mark`. */
const uploads = (mark: number) =>
  sandbox
    .requests()
    .slice(mark)
    .filter((r) => r.server === 'registry' && r.method === 'PUT');

test('CLI: a private key in one package stops the whole release before any upload; --allow-file accepts it', async () => {
  const root = tempDir('secret-cli-');
  const names = ['@acme/sec-a', '@acme/sec-b', '@acme/sec-c'];
  writeNpmWorkspace(root, [
    { name: names[0] as string },
    { name: names[1] as string, dependencies: { '@acme/sec-a': '^1.0.0' } },
    { name: names[2] as string },
  ]);
  fs.mkdirSync(path.join(root, 'packages/sec-c/keys'));
  fs.writeFileSync(path.join(root, 'packages/sec-c/keys/deploy.pem'), `\n${PEM}`);
  for (const n of names) {
    await sandbox.seed(n, '0.0.1');
    await trust(sandbox, n);
  }
  const env = await githubJob(sandbox, 'private');
  const mark = sandbox.requests().length;
  const refused = await runTrustpub(['publish', '--workspaces'], { cwd: root, env });
  assert.equal(refused.code, 3, refused.stderr);
  assert.match(refused.stderr, /PACK_SECRET_FOUND \[@acme\/sec-c\]/);
  assert.match(refused.stderr, /keys\/deploy\.pem line 2 \(a private key \(PEM\/OpenSSH\)\)/);
  assert.match(refused.stderr, /--allow-file keys\/deploy\.pem/);
  // The job's annotation carries the file and line on its first line.
  assert.match(
    refused.stdout,
    /::error title=PACK_SECRET_FOUND \(@acme\/sec-c\)::@acme\/sec-c@1\.0\.0 would publish a secret: keys\/deploy\.pem line 2/,
  );
  assert.ok(
    !refused.stderr.includes(PEM.split('\n')[1] as string),
    'the key itself is never printed',
  );
  assert.deepEqual(uploads(mark), [], 'nothing was uploaded for the release');

  const accepted = await runTrustpub(
    ['publish', '--workspaces', '--allow-file', 'packages/sec-c/keys/deploy.pem'],
    { cwd: root, env },
  );
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.equal(uploads(mark).length, 3);
});

test('CLI: a key in a package of a later chunk (scanned from disk while the plan reads) stops the release too', async () => {
  const root = tempDir('secret-later-');
  writeNpmWorkspace(root, [
    { name: '@acme/later-a' },
    { name: '@acme/later-b', dependencies: { '@acme/later-a': '^1.0.0' } },
  ]);
  fs.writeFileSync(path.join(root, 'packages/later-b/id.pem'), PEM);
  for (const n of ['@acme/later-a', '@acme/later-b']) {
    await sandbox.seed(n, '0.0.1');
    await trust(sandbox, n);
  }
  const env = await githubJob(sandbox, 'private');
  const mark = sandbox.requests().length;
  const r = await runTrustpub(['publish', '--workspaces'], { cwd: root, env });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /PACK_SECRET_FOUND \[@acme\/later-b\]/);
  assert.match(r.stderr, /id\.pem line 1/);
  assert.deepEqual(uploads(mark), [], 'not even the first chunk was uploaded');
});

test('CLI: a secret written by a pack-time script is caught in the tarball, before its upload', async () => {
  const root = tempDir('secret-script-');
  writeNpmWorkspace(root, [
    {
      name: '@acme/sec-gen',
      extra: {
        scripts: {
          // The value is made while packing: package.json itself holds no token.
          prepack: `node -e "const c=require('crypto');const t='npm_'+[...c.randomBytes(36)].map(b=>'${B62}'[b%62]).join('');require('fs').writeFileSync('.env','NPM_TOKEN='+t+'\\n')"`,
        },
      },
    },
  ]);
  await sandbox.seed('@acme/sec-gen', '0.0.1');
  await trust(sandbox, '@acme/sec-gen');
  const env = await githubJob(sandbox, 'private');
  const mark = sandbox.requests().length;
  const r = await runTrustpub(['publish', '--workspaces'], { cwd: root, env });
  assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /failed\s+@acme\/sec-gen@1\.0\.0\s+PACK_SECRET_FOUND/);
  assert.match(r.stdout, /\.env line 1 \(an npm access token\)/);
  const written = fs
    .readFileSync(path.join(root, 'packages/sec-gen/.env'), 'utf8')
    .trim()
    .slice(10);
  assert.ok(!`${r.stdout}${r.stderr}`.includes(written), 'the token is never printed');
  assert.deepEqual(uploads(mark), []);
});

test('changeset-oidc: the key is refused before any upload, with the file named; --allow-file accepts it', async () => {
  const names = ['@acme/cs-sec-a', '@acme/cs-sec-b'];
  await seedAndTrustChangesets(sandbox, names);
  const repo = await createChangesetsRepo({
    ...npmWorkspaceRoot(),
    '.changeset/config.json': changesetsConfig(),
    'packages/a/package.json': pkg(names[0] as string, '1.0.0'),
    'packages/a/index.js': 'module.exports = 1;\n',
    'packages/b/package.json': pkg(names[1] as string, '1.0.0'),
    'packages/b/index.js': 'module.exports = 2;\n',
    'packages/b/config/id_ecdsa': PEM,
  });
  const env = {
    ...(await trustedJobEnv(sandbox)),
    npm_config_registry: sandbox.registry,
  };
  const mark = sandbox.requests().length;
  const refused = await changesetOidc(repo.dir, ['publish'], env);
  assert.equal(refused.code, 1, `${refused.stdout}\n${refused.stderr}`);
  assert.match(refused.stderr, /PACK_SECRET_FOUND \(@acme\/cs-sec-b\)/);
  assert.match(refused.stderr, /config\/id_ecdsa line 1 \(a private key/);
  assert.deepEqual(uploads(mark), []);
  const accepted = await changesetOidc(
    repo.dir,
    ['publish', '--allow-file', 'packages/b/config/id_ecdsa'],
    env,
  );
  assert.equal(accepted.code, 0, `${accepted.stdout}\n${accepted.stderr}`);
  assert.equal(uploads(mark).length, 2);
});

test('semantic-release plugin: verifyConditions refuses the key (ESECRETINPACKAGE) before a tag or upload; allowFiles accepts it', async () => {
  const name = '@acme/sr-sec';
  const slug = 'acme/sr-sec';
  await seedAndTrustSemrel(sandbox, name, slug);
  const repo = await createPackageRepo(name, slug, {
    'index.js': 'module.exports = 1;\n',
    'certs/server.key': PEM,
  });
  await commitAndPush(repo.dir, 'feat: the first feature');
  const env = {
    ...(await sandbox.ciEnv('github', {
      repo: slug,
      workflow: 'release.yml',
      visibility: 'private',
    })),
    npm_config_registry: sandbox.registry,
  };
  const mark = sandbox.requests().length;
  const refused = await releaseWith(repo, env);
  assert.deepEqual(errorCodes(refused), ['ESECRETINPACKAGE']);
  assert.match(
    refused.error?.errors?.[0]?.message ?? refused.error?.message ?? '',
    /certs\/server\.key line 1/,
  );
  assert.deepEqual(uploads(mark), []);
  const accepted = await releaseWith(repo, env, { allowFiles: ['certs/server.key'] });
  assert.equal(accepted.error, undefined, accepted.output);
  assert.equal(uploads(mark).length, 1);
});

test('the parity corpus, packed exactly as published, holds no secret', async () => {
  const corpus = path.join(REPO_ROOT, 'test/fixtures/parity');
  const ctx = createContext({ cwd: corpus, env: {} });
  let packed = 0;
  for (const entry of fs.readdirSync(corpus, { withFileTypes: true })) {
    const dir = path.join(corpus, entry.name);
    if (!entry.isDirectory() || !fs.existsSync(path.join(dir, 'package.json'))) continue;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      private?: boolean;
      workspaces?: unknown;
    };
    if (manifest.private || manifest.workspaces) continue;
    const p = await packPackage(dir, { ignoreScripts: true, purpose: 'pack' }, ctx);
    assert.deepEqual(await scanTarball(p.tarball), [], entry.name);
    packed++;
  }
  assert.ok(packed >= 8, `packed ${packed} corpus packages`);
});
