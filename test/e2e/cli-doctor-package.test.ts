// The package, its settings and the release's other packages, provoked once each through `trustpub
// doctor` against the sandbox: a package not yet on the registry, write tokens that would mask OIDC,
// repository.url, provenance from a private repository, restricted access on an unscoped name, versions
// already published, and workspace dependencies the release leaves out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTrustpub, tempDir, writeNpmWorkspace, writePackage, githubJob } from './cli-harness.js';
import { doctorHelpers, only, useDoctorSandbox, type Finding } from './cli-doctor-support.js';

const sandbox = useDoctorSandbox();
const { doctor } = doctorHelpers(sandbox);

test('a package that does not exist yet says how to bootstrap it', async () => {
  const r = await doctor({ name: '@acme/new' }, {});
  assert.equal(r.code, 1);
  const f = only(r.findings, 'EXCHANGE_PACKAGE_NOT_FOUND');
  assert.match(f.message, /@acme\/new does not exist on http:\/\/127\.0\.0\.1:\d+\/ yet/);
  assert.match(
    f.hint,
    /trustpub trust github @acme\/new --repo acme\/monorepo --file release\.yml --allow-publish --bootstrap/,
  );
});

test('write tokens that would mask OIDC: NPM_TOKEN, the setup-node placeholder, a literal .npmrc token', async () => {
  const host = new URL(sandbox.registry).host;
  const r = await doctor(
    { name: '@acme/ok' },
    {},
    {
      env: { NPM_TOKEN: 'npm_leftoverWriteToken0123', NODE_AUTH_TOKEN: 'XXXXX-XXXXX-XXXXX-XXXXX' },
      npmrc: `//${host}/:_authToken=npm_literalWriteToken4567\n`,
    },
  );
  assert.equal(r.code, 0, 'warnings only');
  const masks = r.findings.filter((f) => f.code === 'CONFIG_WRITE_TOKEN_MASKS_OIDC');
  assert.equal(masks.length, 3, JSON.stringify(r.findings));
  assert.ok(masks.some((f) => /NPM_TOKEN is set/.test(f.message)));
  assert.ok(masks.some((f) => /placeholder actions\/setup-node writes/.test(f.message)));
  assert.ok(masks.some((f) => /An \.npmrc configures an _authToken/.test(f.message)));
  const unmasked = (r.stdout + r.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
  assert.doesNotMatch(unmasked.join('\n'), /npm_leftoverWriteToken0123|npm_literalWriteToken4567/);
  // Masked for the job log the moment they were read.
  assert.match(r.stderr, /^::add-mask::npm_leftoverWriteToken0123$/m);
});

test('repository.url that does not match the CI repository (provenance on)', async () => {
  const r = await doctor(
    { name: '@acme/elsewhere', extra: { repository: 'github:someone/fork' } },
    { visibility: 'public' },
  );
  assert.equal(r.code, 1);
  const f = only(r.findings, 'CONFIG_REPOSITORY_MISMATCH');
  assert.match(
    f.message,
    /points at someone\/fork on github, but this job runs in acme\/monorepo on github; npmjs refuses provenance/,
  );
  assert.match(f.hint, /git\+https:\/\/github\.com\/acme\/monorepo\.git/);
});

test('private repository with provenance requested', async () => {
  const r = await doctor(
    { name: '@acme/ok' },
    { visibility: 'private' },
    { args: ['--provenance'] },
  );
  assert.equal(r.code, 1);
  assert.match(only(r.findings, 'PROVENANCE_PRIVATE_REPOSITORY').message, /repository is private/);
});

test('restricted access on an unscoped name', async () => {
  const r = await doctor({ name: 'plain-unscoped' }, {}, { args: ['--access', 'restricted'] });
  assert.equal(r.code, 1);
  assert.match(
    only(r.findings, 'CONFIG_RESTRICTED_UNSCOPED').message,
    /unscoped packages are always public/,
  );
});

test('versions already on the registry are still checked: a trust mismatch is found, and the output says they are published', async () => {
  const env = await githubJob(sandbox, 'private');
  // Both seeded at 0.0.1: publish would skip them, but the exchange must still be tried.
  const root = tempDir('doctor-published-');
  writeNpmWorkspace(root, [
    { name: '@acme/ok', version: '0.0.1' },
    { name: '@acme/untrusted', version: '0.0.1' },
  ]);
  const json = await runTrustpub(['doctor', '--workspaces', '--json'], { cwd: root, env });
  assert.equal(json.code, 1, json.stdout + json.stderr);
  const parsed = JSON.parse(json.stdout) as {
    toPublish: string[];
    alreadyPublished: string[];
    findings: Finding[];
  };
  assert.deepEqual(parsed.toPublish, []);
  assert.deepEqual(parsed.alreadyPublished.sort(), ['@acme/ok@0.0.1', '@acme/untrusted@0.0.1']);
  assert.equal(
    only(parsed.findings, 'EXCHANGE_NO_TRUSTED_PUBLISHER').packageName,
    '@acme/untrusted',
  );
  const human = await runTrustpub(['doctor', '--workspaces'], { cwd: root, env });
  assert.equal(human.code, 1);
  assert.match(
    human.stdout,
    /Nothing new to publish: every selected version is already on the registry\. Checked them anyway \(trusted publisher, settings\): /,
  );
  assert.doesNotMatch(human.stdout, /No problems found/);
  // A trusted package whose version is published: the setup is confirmed, not just "nothing to do".
  const single = tempDir('doctor-published-ok-');
  writePackage(single, { name: '@acme/ok', version: '0.0.1' });
  const ok = await runTrustpub(['doctor'], { cwd: single, env });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(
    ok.stdout,
    /Checked them anyway \(trusted publisher, settings\): @acme\/ok@0\.0\.1\.\nNo problems found: publishing a new version should work\./,
  );
});

test('a selected package needs a workspace package the release leaves out: unpublished, private, or satisfied', async () => {
  const env = await githubJob(sandbox, 'private');
  const root = tempDir('doctor-deps-');
  const write = (range: string) =>
    writeNpmWorkspace(root, [
      {
        name: '@acme/ok',
        version: '1.0.0',
        dependencies: { '@acme/elsewhere': range, 'internal-tool': 'workspace:*' },
      },
      { name: '@acme/elsewhere', version: '2.0.0' },
      { name: 'internal-tool', version: '1.0.0', private: true },
    ]);
  write('workspace:^');
  // Only @acme/ok: the registry has @acme/elsewhere 0.0.1, which ^2.0.0 does not accept.
  const alone = await runTrustpub(['doctor', '--workspaces', 'packages/ok', '--json'], {
    cwd: root,
    env,
  });
  assert.equal(alone.code, 1, alone.stdout + alone.stderr);
  const found = (JSON.parse(alone.stdout) as { findings: Finding[] }).findings.filter(
    (f) => f.code === 'RELEASE_DEPENDENCY_UNPUBLISHED',
  );
  assert.deepEqual(
    found.map((f) => [f.severity, f.packageName]),
    [
      ['error', '@acme/ok'],
      ['error', '@acme/ok'],
    ],
  );
  const missing = found.find((f) => f.message.includes('@acme/elsewhere'));
  assert.equal(
    missing?.message,
    `@acme/ok@1.0.0 depends on @acme/elsewhere ^2.0.0 (dependencies), but no version of @acme/elsewhere on ${sandbox.registry} satisfies it (it has 0.0.1), and this release leaves @acme/elsewhere out (its workspace version is 2.0.0). Installing @acme/ok@1.0.0 would fail.`,
  );
  assert.match(missing?.hint ?? '', /^Publish @acme\/elsewhere in the same release/);
  const internal = found.find((f) => f.message.includes('internal-tool'));
  assert.match(
    internal?.message ?? '',
    /internal-tool 1\.0\.0 \(dependencies\), but internal-tool is private/,
  );

  // With its dependency in the release, only the private one is left.
  const both = await runTrustpub(
    ['doctor', '--workspaces', 'packages/ok', 'packages/elsewhere', '--json'],
    { cwd: root, env },
  );
  const left = (JSON.parse(both.stdout) as { findings: Finding[] }).findings.filter(
    (f) => f.code === 'RELEASE_DEPENDENCY_UNPUBLISHED',
  );
  assert.deepEqual(
    left.map((f) => f.message.includes('internal-tool')),
    [true],
  );

  // The publish's preflight runs the same check: nothing is uploaded.
  const puts = () => sandbox.requests().filter((r) => r.method === 'PUT').length;
  const putsBefore = puts();
  const publish = await runTrustpub(['publish', '--workspaces', 'packages/ok'], {
    cwd: root,
    env,
  });
  assert.equal(publish.code, 3, publish.stdout + publish.stderr);
  assert.match(publish.stderr, /error {3}RELEASE_DEPENDENCY_UNPUBLISHED \[@acme\/ok\]: /);
  assert.equal(puts(), putsBefore);

  // A range the registry satisfies is no finding.
  write('^0.0.1');
  const satisfied = await runTrustpub(['doctor', '--workspaces', 'packages/ok', '--json'], {
    cwd: root,
    env,
  });
  const none = (JSON.parse(satisfied.stdout) as { findings: Finding[] }).findings.filter(
    (f) => f.code === 'RELEASE_DEPENDENCY_UNPUBLISHED' && f.message.includes('@acme/elsewhere'),
  );
  assert.deepEqual(none, []);
});
