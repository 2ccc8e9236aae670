import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  baseEnv,
  REPO,
  runTrustpub,
  spawnNpm,
  tempDir,
  WORKFLOW,
  writePackage,
  githubJob,
} from './cli-harness.js';
import { useSandbox } from './support/sandbox.js';

// The one secret left in a token-free pipeline: a read-only token for installing restricted packages.
// install-auth writes a ${VAR} reference; a real `npm ci` installs with it; it cannot publish.

const sandbox = useSandbox(undefined, {
  setUp: async () => {
    await sandbox.seed('@private-scope/secret', '1.0.0');
  },
});

test('install-auth + npm ci of a restricted dependency; the read token cannot publish', async () => {
  const project = tempDir('consumer-');
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'consumer',
        version: '1.0.0',
        private: true,
        dependencies: { '@private-scope/secret': '1.0.0' },
      },
      null,
      2,
    ),
  );
  const readToken = await sandbox.createReadToken();
  const env = { ...baseEnv(), npm_config_registry: sandbox.registry };

  const installAuth = [
    'install-auth',
    '--token-env',
    'READ_TOKEN',
    '--scope',
    '@private-scope',
    '--registry',
    sandbox.registry,
  ];
  const written = await runTrustpub(installAuth, { cwd: project, env });
  assert.equal(written.code, 0, written.stderr);
  assert.match(
    written.stdout,
    /never publishes with it unless you pass --fallback-token-env READ_TOKEN/,
  );
  assert.match(written.stderr, /READ_TOKEN is not set here/);
  const npmrc = fs.readFileSync(path.join(project, '.npmrc'), 'utf8');
  const host = new URL(sandbox.registry).host;
  assert.equal(
    npmrc,
    `//${host}/:_authToken=\${READ_TOKEN}\n@private-scope:registry=${sandbox.registry}\n`,
  );
  assert.ok(!npmrc.includes(readToken));
  // Running it again replaces the entry instead of adding a second one.
  await runTrustpub(installAuth, { cwd: project, env });
  assert.equal(fs.readFileSync(path.join(project, '.npmrc'), 'utf8'), npmrc);

  // Without the token the restricted package is unreadable: 404, as npmjs answers (it does not even say
  // the package exists).
  const anonymous = await fetch(new URL('@private-scope%2fsecret', sandbox.registry));
  assert.equal(anonymous.status, 404, `anonymous read: ${anonymous.status}`);

  const withToken = { ...env, READ_TOKEN: readToken };
  const lock = await spawnNpm(
    ['install', '--package-lock-only', '--ignore-scripts', '--registry', sandbox.registry],
    { cwd: project, env: withToken },
  );
  assert.equal(lock.code, 0, lock.stderr);
  const ci = await spawnNpm(['ci', '--ignore-scripts', '--registry', sandbox.registry], {
    cwd: project,
    env: withToken,
  });
  assert.equal(ci.code, 0, ci.stderr);
  const installed = JSON.parse(
    fs.readFileSync(
      path.join(project, 'node_modules', '@private-scope', 'secret', 'package.json'),
      'utf8',
    ),
  ) as { version: string };
  assert.equal(installed.version, '1.0.0');

  // The same token and .npmrc cannot publish: the registry refuses a read-only token.
  const pkgDir = path.join(project, 'evil');
  writePackage(pkgDir, { name: '@private-scope/secret', version: '6.6.6' });
  fs.copyFileSync(path.join(project, '.npmrc'), path.join(pkgDir, '.npmrc'));
  const publish = await spawnNpm(['publish', '--registry', sandbox.registry, '--ignore-scripts'], {
    cwd: pkgDir,
    env: withToken,
  });
  assert.notEqual(publish.code, 0, 'a read token must not publish');
  assert.match(publish.stderr, /E40[13]|403|401/);
  const doc = (await (
    await fetch(new URL('@private-scope%2fsecret', sandbox.registry), {
      headers: { authorization: `Bearer ${readToken}` },
    })
  ).json()) as {
    versions: Record<string, unknown>;
  };
  assert.deepEqual(Object.keys(doc.versions), ['1.0.0']);
  for (const out of [
    written.stdout,
    written.stderr,
    lock.stdout,
    lock.stderr,
    ci.stdout,
    ci.stderr,
    publish.stdout,
    publish.stderr,
  ]) {
    assert.ok(!out.includes(readToken), 'the read token never appears in output');
  }
});

test('in a GitHub job the read-token reference is not reported as a write token', async () => {
  const project = tempDir('consumer-doctor-');
  writePackage(project, { name: '@acme/uses-private' });
  await sandbox.seed('@acme/uses-private', '0.0.1');
  await sandbox.setTrust('@acme/uses-private', {
    type: 'github',
    claims: { repository: REPO, workflow_ref: { file: WORKFLOW } },
    permissions: ['createPackage'],
  });
  const env = {
    ...(await githubJob(sandbox, 'private')),
    READ_TOKEN: await sandbox.createReadToken(),
  };
  assert.equal(
    (await runTrustpub(['install-auth', '--token-env', 'READ_TOKEN'], { cwd: project, env })).code,
    0,
  );
  const doctor = await runTrustpub(['doctor', '--json'], { cwd: project, env });
  assert.equal(doctor.code, 0, doctor.stdout);
  assert.deepEqual((JSON.parse(doctor.stdout) as { findings: unknown[] }).findings, []);
  // And publishing still goes through the exchange, never through the configured token.
  const publish = await runTrustpub(['publish', '--json'], { cwd: project, env });
  assert.equal(publish.code, 0, publish.stderr);
  const result = (JSON.parse(publish.stdout) as { results: { status: string; auth?: string }[] })
    .results[0];
  assert.equal(result?.status, 'published');
  assert.equal(result?.auth, 'oidc');
});

test('install-auth refuses a value where a variable name belongs', async () => {
  const project = tempDir('consumer-bad-');
  const run = await runTrustpub(['install-auth', '--token-env', '${READ_TOKEN}'], {
    cwd: project,
    env: baseEnv(),
  });
  assert.equal(run.code, 4);
  assert.match(
    run.stderr,
    /^INSTALL_AUTH_INVALID: --token-env must be an environment variable name/,
  );
  assert.equal(fs.existsSync(path.join(project, '.npmrc')), false);
});

test('install-auth replaces an existing auth line without printing it, keeps the rest, and is idempotent', async () => {
  const project = tempDir('npmrc-');
  const literal = 'npm_literalWriteToken0123456789abcdef';
  const npmrc = path.join(project, '.npmrc');
  fs.writeFileSync(npmrc, `# team settings\nfund=false\n//127.0.0.1:9/:_authToken=${literal}\n`);
  const args = ['install-auth', '--token-env', 'READ_TOKEN', '--registry', 'http://127.0.0.1:9/'];
  const env = { ...baseEnv(), READ_TOKEN: 'set' };
  const first = await runTrustpub(args, { cwd: project, env });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    fs.readFileSync(npmrc, 'utf8'),
    '# team settings\nfund=false\n//127.0.0.1:9/:_authToken=${READ_TOKEN}\n',
  );
  assert.match(first.stdout, /Replaced what it had for `\/\/127\.0\.0\.1:9\/:_authToken`\./);
  assert.match(first.stdout, /held a token itself; .* revoke it\./);
  assert.ok(!`${first.stdout}${first.stderr}`.includes(literal), 'the replaced token was printed');

  const again = await runTrustpub(args, { cwd: project, env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already gives installs the token in \$READ_TOKEN; nothing changed/);
  assert.equal(again.stderr, '');
});

test('install-auth warns when the read token would live in a variable named like a publish token', async () => {
  const project = tempDir('npmrc-');
  const run = await runTrustpub(
    ['install-auth', '--token-env', 'NPM_TOKEN', '--registry', 'http://127.0.0.1:9/'],
    { cwd: project, env: { ...baseEnv(), NPM_TOKEN: 'set' } },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    /^warning: NPM_TOKEN is the name CI setups give publish tokens: `trustpub doctor` reports it .*--token-env NPM_READ_TOKEN/m,
  );
});
