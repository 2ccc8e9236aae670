// `trust list` and `trust revoke` against the sandbox (npm's texts), plus npm's web 2FA flow
// (authUrl/doneUrl) against a loopback registry that offers it, since the sandbox only does TOTP.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import {
  assertNoToken,
  githubTrustArgs,
  listTrust,
  REPO,
  trustCalls,
  trustpub,
  userEnv,
  WORKFLOW,
} from './trust-support.js';
import { tempDir } from './support/temp.js';
import { useSandboxWithUser } from './support/sandbox.js';

const { sandbox, user } = useSandboxWithUser(undefined, {
  setUp: async (started) => {
    for (const n of ['@lr/one', '@lr/two']) await started.seed(n);
  },
});

const env = () => userEnv(user);

test("list shows npm's fields and labels, --json the configurations; revoke removes one by id", async () => {
  const cwd = tempDir('trust-lr-');
  const empty = await trustpub(['trust', 'list', '@lr/one', '--registry', sandbox.registry], {
    cwd,
    env: { NPM_TOKEN: user.token },
  });
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(empty.stdout, 'No trust configurations found for package (@lr/one)\n');

  const config = await sandbox.setTrust('@lr/one', {
    type: 'github',
    claims: { repository: REPO, workflow_ref: { file: WORKFLOW }, environment: 'npm' },
    permissions: ['createPackage', 'createStagedPackage'],
  });
  const shown = await trustpub(['trust', 'list', '@lr/one', '--registry', sandbox.registry], {
    cwd,
    env: { NPM_TOKEN: user.token },
  });
  assert.equal(
    shown.stdout,
    `\ntype: github\nid: ${config.id}\nfile: ${WORKFLOW}\nrepository: ${REPO}\nenvironment: npm\npermissions: publish, stage publish\n\n`,
  );
  // Without --registry, npm's own setting is used (here the project .npmrc).
  const project = tempDir('trust-lr-npmrc-');
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'lr-project', version: '1.0.0' }),
  );
  fs.writeFileSync(path.join(project, '.npmrc'), `registry=${sandbox.registry}\n`);
  const viaNpmrc = await trustpub(['trust', 'list', '@lr/one'], {
    cwd: project,
    env: { NPM_TOKEN: user.token },
  });
  assert.equal(viaNpmrc.stdout, shown.stdout, viaNpmrc.stderr);
  const json = await trustpub(
    ['trust', 'list', '@lr/one', '--json', '--registry', sandbox.registry],
    { cwd, env: { NPM_TOKEN: user.token } },
  );
  const parsed = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
  assert.equal(parsed[0]?.id, config.id);
  assert.deepEqual(parsed[0]?.permissions, ['createPackage', 'createStagedPackage']);

  const missingId = await trustpub(['trust', 'revoke', '@lr/one', '--registry', sandbox.registry], {
    cwd,
    env: env(),
  });
  assert.equal(missingId.code, 1);
  assert.match(
    missingId.stderr,
    /^TRUST_INVALID_INPUT: ID of the trusted relationship to revoke must be specified with the --id option\n/,
  );

  const mark = sandbox.requests().length;
  const dry = await trustpub(
    ['trust', 'revoke', '@lr/one', '--id', config.id, '--dry-run', '--registry', sandbox.registry],
    { cwd, env: env() },
  );
  assert.equal(
    dry.stdout,
    `Attempting to revoke trusted configuration for package @lr/one with id ${config.id}\n`,
  );
  assert.deepEqual(trustCalls(sandbox, mark), [], '--dry-run sends nothing');

  const unknown = await trustpub(
    ['trust', 'revoke', '@lr/one', '--id', 'abc/def:1', '--registry', sandbox.registry],
    { cwd, env: env() },
  );
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.stderr,
    /TRUST_NOT_FOUND: No such trust configuration or package: @lr\/one\. DELETE \S+\/-\/package\/@lr%2fone\/trust\/abc%2Fdef%3A1 answered 404/,
  );

  const revoked = await trustpub(
    ['trust', 'revoke', '@lr/one', '--id', config.id, '--registry', sandbox.registry],
    { cwd, env: env() },
  );
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match(
    revoked.stdout,
    new RegExp(`Revoked trusted configuration for package @lr/one with id ${config.id}\n$`),
  );
  assert.deepEqual(await listTrust(sandbox, user, '@lr/one'), []);
  for (const r of [empty, shown, json, missingId, dry, unknown, revoked]) assertNoToken(r, user);
});

test('creating over an existing configuration is TRUST_CONFLICT with the way out; an unknown package is TRUST_NOT_FOUND', async () => {
  const cwd = tempDir('trust-lr-');
  await sandbox.setTrust('@lr/two', {
    type: 'github',
    claims: { repository: REPO, workflow_ref: { file: 'old.yml' } },
  });
  const r = await trustpub(githubTrustArgs('@lr/two', sandbox.registry, '--yes'), {
    cwd,
    env: env(),
  });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /TRUST_CONFLICT: @lr\/two already has a trusted publisher configuration\. POST \S+ answered 409: A trusted publisher configuration already exists/,
  );
  assert.match(
    r.stderr,
    /fix: Only one configuration per package is allowed: run the same command with --replace \(it revokes the existing one first\)/,
  );
  const none = await trustpub(['trust', 'list', '@lr/nope', '--registry', sandbox.registry], {
    cwd,
    env: { NPM_TOKEN: user.token },
  });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /TRUST_NOT_FOUND: Package not found: @lr\/nope\./);
  assert.match(
    none.stderr,
    /fix: A trusted publisher needs an existing package: run the same command with --bootstrap \(it publishes a placeholder first\)/,
  );
  const badToken = await trustpub(['trust', 'list', '@lr/two', '--registry', sandbox.registry], {
    cwd,
    env: { NPM_TOKEN: 'not-a-real-token-value' },
  });
  assert.equal(badToken.code, 1);
  assert.match(
    badToken.stderr,
    /TRUST_AUTH_REJECTED: The registry did not accept the user token for @lr\/two\./,
  );
  assert.ok(!badToken.stderr.includes('not-a-real-token-value'));
});

test('web 2FA: the authUrl is printed, doneUrl is polled through 202 + Retry-After, and its token is sent as the OTP', async () => {
  // A registry offering npm's web flow: 401 {authUrl, doneUrl} until the request carries the done token.
  const seen: string[] = [];
  let polls = 0;
  const server = http.createServer((req, res) => {
    seen.push(
      `${req.method} ${req.url} otp=${String(req.headers['npm-otp'] ?? '')} auth-type=${String(req.headers['npm-auth-type'])}`,
    );
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/-/done/xyz') {
      polls += 1;
      if (polls < 2) {
        res.writeHead(202, { 'retry-after': '1' }).end('{}');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: 'web-otp-token-123456' }));
      return;
    }
    if (req.headers['npm-otp'] !== 'web-otp-token-123456') {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ authUrl: `${base}/-/auth/xyz`, doneUrl: `${base}/-/done/xyz` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify([
        {
          id: 'w1',
          type: 'github',
          claims: { repository: REPO, workflow_ref: { file: WORKFLOW } },
          permissions: ['createPackage'],
        },
      ]),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const r = await trustpub(githubTrustArgs('webpkg', registry, '--yes'), {
      cwd: tempDir('trust-web-'),
      env: { NPM_TOKEN: 'user-token-for-web-flow-test' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /Open this URL in your browser to authenticate:\n {2}http:\/\/127\.0\.0\.1:\d+\/-\/auth\/xyz\n/,
    );
    assert.match(r.stdout, /Trust configuration created successfully for webpkg/);
    assert.deepEqual(seen, [
      'POST /-/package/webpkg/trust otp= auth-type=web',
      'GET /-/done/xyz otp= auth-type=undefined',
      'GET /-/done/xyz otp= auth-type=undefined',
      'POST /-/package/webpkg/trust otp=web-otp-token-123456 auth-type=legacy',
    ]);
    assert.ok(
      !r.stdout.includes('web-otp-token-123456') && !r.stderr.includes('web-otp-token-123456'),
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
