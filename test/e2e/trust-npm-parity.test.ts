// The configurations trustpub writes are exactly those the real npm CLI (11.21.2, `npm trust ... --yes`
// with NPM_CONFIG_OTP) writes for the same inputs, each against its own sandbox; the validation errors
// are npm's texts; and a trusted publish through the core succeeds with what trustpub configured.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox, type UserToken } from '@trustpub/sandbox';
import { runNpm } from './sandbox-npm-helper.js';
import {
  assertNoToken,
  assertOidcPublish,
  listTrust,
  REPO,
  trustpub,
  userEnv,
  withoutId,
  WORKFLOW,
} from './trust-support.js';
import { tempDir } from './support/temp.js';

let ours: Sandbox;
let theirs: Sandbox;
let ourUser: UserToken;
let npmUser: UserToken;

before(async () => {
  [ours, theirs] = await Promise.all([startSandbox(), startSandbox()]);
  ourUser = await ours.createUserToken();
  npmUser = await theirs.createUserToken();
});
after(async () => {
  await Promise.all([ours.stop(), theirs.stop()]);
});

const U = [
  '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  '1b1c2d3e-4f50-6172-8394-a5b6c7d8e9f1',
  '2b1c2d3e-4f50-6172-8394-a5b6c7d8e9f2',
  '3b1c2d3e-4f50-6172-8394-a5b6c7d8e9f3',
  '4b1c2d3e-4f50-6172-8394-a5b6c7d8e9f4',
];

/** Each case: the package, `npm trust` arguments after the provider's name, and a package.json for the cwd. */
const CASES: Array<{ name: string; args: string[]; manifest?: Record<string, unknown> }> = [
  {
    name: '@par/gh-env',
    args: [
      'github',
      '@par/gh-env',
      '--file',
      WORKFLOW,
      '--repo',
      REPO,
      '--environment',
      'npm',
      '--allow-publish',
    ],
  },
  {
    name: '@par/gh-inferred',
    args: ['github', '--file', 'publish.yaml', '--allow-publish', '--allow-stage-publish'],
    manifest: {
      name: '@par/gh-inferred',
      version: '1.0.0',
      repository: { type: 'git', url: 'git+https://github.com/acme/inferred.git' },
    },
  },
  {
    name: '@par/gl',
    args: [
      'gitlab',
      '@par/gl',
      '--file',
      '.gitlab-ci.yml',
      '--project',
      'grp/sub/proj',
      '--env',
      'prod',
      '--allow-stage-publish',
    ],
  },
  {
    name: 'par-circle',
    args: [
      'circleci',
      'par-circle',
      '--org-id',
      U[0]!,
      '--project-id',
      U[1]!,
      '--pipeline-definition-id',
      U[2]!,
      '--vcs-origin',
      'github.com/acme/mono',
      '--context-id',
      U[3]!,
      '--context-id',
      U[4]!,
      '--allow-publish',
    ],
  },
];

function cwdFor(manifest?: Record<string, unknown>): string {
  const dir = tempDir('trust-parity-');
  if (manifest) fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

function npmrcFor(sandbox: Sandbox): string {
  const url = new URL(sandbox.registry);
  return `//${url.host}${url.pathname}:_authToken=\${SANDBOX_USER_TOKEN}\n`;
}

for (const c of CASES) {
  test(`trust ${c.args[0]} writes what npm trust ${c.args[0]} writes (${c.name})`, async () => {
    await Promise.all([ours.seed(c.name), theirs.seed(c.name)]);
    const npm = await runNpm(['trust', ...c.args, '--yes'], {
      cwd: cwdFor(c.manifest),
      registry: theirs.registry,
      npmrc: npmrcFor(theirs),
      env: { SANDBOX_USER_TOKEN: npmUser.token, NPM_CONFIG_OTP: npmUser.otp() },
    });
    assert.equal(npm.code, 0, npm.stderr);
    const run = await trustpub(['trust', ...c.args, '--yes', '--registry', ours.registry], {
      cwd: cwdFor(c.manifest),
      env: userEnv(ourUser),
    });
    assert.equal(run.code, 0, run.stderr);
    assertNoToken(run, ourUser);
    const theirConfigs = (await listTrust(theirs, npmUser, c.name)).map(withoutId);
    const ourConfigs = (await listTrust(ours, ourUser, c.name)).map(withoutId);
    assert.equal(theirConfigs.length, 1);
    assert.deepEqual(ourConfigs, theirConfigs);
    // Key order too: the stored claims keep the order of the body that was sent.
    assert.equal(JSON.stringify(ourConfigs), JSON.stringify(theirConfigs));
    // The same dialogue lines npm prints (all four kinds present, so the comparison is never empty).
    const dialogue = npm.stdout
      .split('\n')
      .filter((l) =>
        /^(Establishing trust|Anyone with|Two-factor|Trust configuration created)/.test(l),
      );
    assert.equal(dialogue.length, 4, npm.stdout);
    for (const line of dialogue) {
      assert.ok(run.stdout.includes(line), `trustpub prints "${line}"`);
    }
  });
}

test('validation errors are the texts npm trust prints, before any request', async () => {
  const bad: string[][] = [
    [
      'github',
      '@par/x',
      '--file',
      '.github/workflows/release.yml',
      '--repo',
      REPO,
      '--allow-publish',
    ],
    ['github', '@par/x', '--file', 'release.json', '--repo', REPO, '--allow-publish'],
    ['github', '@par/x', '--file', WORKFLOW, '--repo', 'acme', '--allow-publish'],
    ['github', '@par/x', '--file', WORKFLOW, '--repo', REPO],
    ['gitlab', '@par/x', '--file', '.gitlab-ci.yml', '--project', 'solo', '--allow-publish'],
    [
      'circleci',
      '@par/x',
      '--org-id',
      'nope',
      '--project-id',
      U[1]!,
      '--pipeline-definition-id',
      U[2]!,
      '--vcs-origin',
      'github.com/a/b',
      '--allow-publish',
    ],
    [
      'circleci',
      '@par/x',
      '--org-id',
      U[0]!,
      '--project-id',
      U[1]!,
      '--pipeline-definition-id',
      U[2]!,
      '--vcs-origin',
      'https://github.com/a/b',
      '--allow-publish',
    ],
  ];
  for (const args of bad) {
    const npm = await runNpm(['trust', ...args, '--yes'], {
      cwd: cwdFor(),
      registry: theirs.registry,
      npmrc: '',
    });
    const npmMessage = /npm error (?!code)(.+)/.exec(npm.stderr)?.[1];
    assert.ok(npmMessage, `npm failed with a message: ${npm.stderr}`);
    const run = await trustpub(['trust', ...args, '--yes', '--registry', ours.registry], {
      cwd: cwdFor(),
      env: { NPM_TOKEN: ourUser.token },
    });
    assert.equal(run.code, 1);
    assert.ok(
      run.stderr.startsWith(`TRUST_INVALID_INPUT: ${npmMessage}\n  fix: `),
      `${args.join(' ')}:\n npm: ${npmMessage}\n ours: ${run.stderr}`,
    );
  }
});

test('a trusted publish through the core succeeds with the configuration trustpub wrote', async () => {
  const name = '@par/gh-env';
  const dir = cwdFor({
    name,
    version: '1.0.1',
    license: 'MIT',
    repository: { type: 'git', url: `git+https://github.com/${REPO}.git` },
  });
  fs.writeFileSync(path.join(dir, 'index.js'), 'module.exports = 1;\n');
  const env = await ours.ciEnv('github', { repo: REPO, workflow: WORKFLOW, environment: 'npm' });
  await assertOidcPublish(ours.registry, dir, env);
});
