// The trustpub-sandbox CLI round trip: start --detach --json, seed, trust, env (used by the real npm in a
// separate process, which proves a detached sandbox serves the job's ID token), stop; and clear errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { connectSandbox } from '@trustpub/sandbox';
import { assertNoMintedToken } from './support/tokens.js';
import { fixturePackage, runNpm } from './sandbox-npm-helper.js';
import { SANDBOX_BIN } from './support/paths.js';
import { runNode } from './support/processes.js';
import { tempDir } from './support/temp.js';

/**
 * `trustpub-sandbox ...args`. Only `env` may print a minted token: the job's ID-token source
 * (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`, or `NPM_ID_TOKEN` for GitLab and CircleCI) is its purpose.
 */
const cli = async (args: string[], cwd: string) => {
  const run = await runNode(SANDBOX_BIN, args, { cwd });
  if (args[0] !== 'env')
    assertNoMintedToken(`${run.stdout}\n${run.stderr}`, `trustpub-sandbox ${args[0]}`);
  return run;
};

/** Reads `export K=V` lines (values possibly single-quoted) back into an object. */
function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2] ?? '';
    env[m[1] ?? ''] = raw.startsWith("'") ? raw.slice(1, -1).replaceAll(`'\\''`, "'") : raw;
  }
  return env;
}

test('start --detach / seed / trust / env / stop round trip, with npm publishing in the printed environment', async () => {
  const cwd = tempDir('cli-');
  const dir = path.join(cwd, 'state');
  const t0 = performance.now();
  // --latency reaches the detached process: every registry and issuer answer waits LATENCY ms.
  const LATENCY = 60;
  const started = await cli(
    [
      'start',
      '--detach',
      '--json',
      '--dir',
      dir,
      '--latency',
      String(LATENCY),
      '--cdn-cache',
      '300',
    ],
    cwd,
  );
  const coldStartMs = performance.now() - t0;
  console.log(
    `trustpub-sandbox start --detach (new node process, cold): ${coldStartMs.toFixed(0)} ms`,
  );
  assert.equal(started.code, 0, started.stderr);
  const info = JSON.parse(started.stdout) as {
    registry: string;
    issuer: string;
    dir: string;
    pid: number;
    fulcioUrl: string;
    rekorUrl: string;
    trustedRoot: string;
  };
  assert.deepEqual(Object.keys(info).sort(), [
    'dir',
    'fulcioUrl',
    'issuer',
    'pid',
    'registry',
    'rekorUrl',
    'trustedRoot',
  ]);
  assert.ok(fs.existsSync(path.join(dir, '.trustpub-sandbox-state')));
  try {
    for (const url of [`${info.registry}-/ping`, `${info.issuer}/.well-known/jwks`]) {
      const t0 = performance.now();
      assert.equal((await fetch(url)).status, 200, url);
      // A lower bound only (the sleep guarantees it): `start --latency` took effect.
      assert.ok(performance.now() - t0 >= LATENCY - 5, `${url} was not delayed by --latency`);
    }
    assert.equal((await cli(['seed', '@cli/pkg@0.1.0', '--dir', dir], cwd)).code, 0);
    // --cdn-cache reaches it too: anonymous packument reads are cached, as npmjs's CDN does.
    const read = async (query = '') => {
      const res = await fetch(`${info.registry}@cli%2fpkg${query}`);
      const doc = (await res.json()) as { versions: Record<string, unknown> };
      return [res.headers.get('x-sandbox-cdn'), ...Object.keys(doc.versions)];
    };
    assert.deepEqual(await read(), ['MISS', '0.1.0']);
    const trusted = await cli(
      [
        'trust',
        '@cli/pkg',
        'github',
        '--repo',
        'octo-org/octo-repo',
        '--file',
        'release.yml',
        '--environment',
        'npm',
        '--dir',
        dir,
      ],
      cwd,
    );
    assert.equal(trusted.code, 0, trusted.stderr);
    const printed = await cli(
      [
        'env',
        'github',
        '--repo',
        'octo-org/octo-repo',
        '--workflow',
        'release.yml',
        '--environment',
        'npm',
        '--visibility',
        'private',
        '--dir',
        dir,
      ],
      cwd,
    );
    assert.equal(printed.code, 0, printed.stderr);
    const env = parseExports(printed.stdout);
    for (const key of [
      'GITHUB_ACTIONS',
      'GITHUB_REPOSITORY',
      'GITHUB_WORKFLOW_REF',
      'RUNNER_ENVIRONMENT',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'npm_config_registry',
      'TRUSTPUB_FULCIO_URL',
      'TRUSTPUB_REKOR_URL',
      'TRUSTPUB_TRUSTED_ROOT',
    ]) {
      assert.ok(env[key], `${key} missing`);
    }
    assert.equal(env.npm_config_registry, info.registry);
    assert.equal(env.TRUSTPUB_TRUSTED_ROOT, info.trustedRoot);
    assert.ok(
      !Object.keys(env).some((k) => /NPM_TOKEN|NODE_AUTH_TOKEN|_authToken/i.test(k)),
      'no write token in the job environment',
    );

    const published = await runNpm(['publish'], {
      cwd: fixturePackage('@cli/pkg', '0.2.0'),
      registry: info.registry,
      env,
    });
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.stdout, /\+ @cli\/pkg@0\.2\.0/);
    // The CDN still has the document from before the publish; the origin (?write=true) has both.
    assert.deepEqual(await read(), ['HIT', '0.1.0']);
    assert.deepEqual(await read('?write=true'), [null, '0.1.0', '0.2.0']);

    const gitlab = parseExports(
      (await cli(['env', 'gitlab', '--project', 'grp/proj', '--dir', dir], cwd)).stdout,
    );
    assert.equal(gitlab.GITLAB_CI, 'true');
    assert.ok(gitlab.NPM_ID_TOKEN && gitlab.SIGSTORE_ID_TOKEN);
    const circle = await cli(
      [
        'env',
        'circleci',
        '--org-id',
        '8a5b0b4e-1c1a-4c39-9c61-6f7f4d1f0a01',
        '--project-id',
        '0f7a7c59-7a44-4c77-8a6c-2f3b4a5c6d02',
        '--pipeline-definition-id',
        '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a03',
        '--vcs-origin',
        'github.com/o/r',
        '--json',
        '--dir',
        dir,
      ],
      cwd,
    );
    assert.equal((JSON.parse(circle.stdout) as Record<string, string>).CIRCLECI, 'true');

    // `trust gitlab` and `trust circleci` store the bodies npm trust sends (read back through the trust API).
    const ids = {
      'oidc.circleci.com/org-id': '8a5b0b4e-1c1a-4c39-9c61-6f7f4d1f0a01',
      'oidc.circleci.com/project-id': '0f7a7c59-7a44-4c77-8a6c-2f3b4a5c6d02',
      'oidc.circleci.com/pipeline-definition-id': '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a03',
      'oidc.circleci.com/vcs-origin': 'github.com/o/r',
    };
    const trustCases: Array<[string, string[], Record<string, unknown>]> = [
      [
        '@cli/gl',
        [
          'gitlab',
          '--project',
          'grp/sub/proj',
          '--file',
          '.gitlab-ci.yml',
          '--environment',
          'prod',
        ],
        {
          type: 'gitlab',
          claims: {
            project_path: 'grp/sub/proj',
            ci_config_ref_uri: { file: '.gitlab-ci.yml' },
            environment: 'prod',
          },
          permissions: ['createPackage'],
        },
      ],
      [
        '@cli/cc',
        [
          'circleci',
          '--org-id',
          ids['oidc.circleci.com/org-id'],
          '--project-id',
          ids['oidc.circleci.com/project-id'],
          '--pipeline-definition-id',
          ids['oidc.circleci.com/pipeline-definition-id'],
          '--vcs-origin',
          ids['oidc.circleci.com/vcs-origin'],
        ],
        { type: 'circleci', claims: ids, permissions: ['createPackage'] },
      ],
    ];
    const user = await connectSandbox(dir).createUserToken();
    for (const [name, args, expected] of trustCases) {
      assert.equal((await cli(['seed', name, '--dir', dir], cwd)).code, 0);
      const set = await cli(['trust', name, ...args, '--dir', dir], cwd);
      assert.equal(set.code, 0, set.stderr);
      const listed = (await (
        await fetch(`${info.registry}-/package/${name.replace('/', '%2f')}/trust`, {
          headers: { authorization: `Bearer ${user.token}` },
        })
      ).json()) as Array<Record<string, unknown>>;
      assert.deepEqual(
        listed.map(({ id: _id, ...rest }) => rest),
        [expected],
        name,
      );
    }
  } finally {
    const stopped = await cli(['stop', '--dir', dir], cwd);
    assert.equal(stopped.code, 0, stopped.stderr);
  }
  assert.throws(() => process.kill(info.pid, 0));
  assert.equal(fs.existsSync(path.join(dir, 'sandbox.json')), false);
});

test('bad input gets a message and a fix, never a stack trace', async () => {
  const cwd = tempDir('cli-err-');
  const cases: Array<[string[], RegExp]> = [
    [
      ['env', 'github', '--repo', 'not-a-repo', '--workflow', 'release.yml', '--dir', cwd],
      /No sandbox is running/,
    ],
    [['seed', '--dir', cwd], /seed needs a package name|No sandbox is running/],
    [['start', '--port', 'abc', '--dir', cwd], /--port "abc" is not a whole number/],
    [['start', '--latency', 'soon', '--dir', cwd], /--latency "soon" is not a whole number/],
    [['start', '--cdn-cache', '5m', '--dir', cwd], /--cdn-cache "5m" is not a whole number/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['trust', '--nope'], /Unknown option '--nope'/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args, cwd);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /\n {2}fix: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  const help = await cli(['env', '--help'], cwd);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /trustpub-sandbox env github --repo OWNER\/REPO --workflow FILE/);
});
