// `trustpub doctor` lints the repository's CI files before anything is pushed: every mistake of the list
// (missing id-token permission / id_tokens audience, self-hosted runners, setup-node registry-url, npm
// write tokens, a workflow file or environment other than the trusted publisher's, npm self-upgrades) on
// GitHub, GitLab and CircleCI files, each with its file and line, and as a GitHub annotation on that line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { lintWorkflows } from '@trustpub/core';
import { REPO, runTrustpub, tempDir, trust, writeNpmWorkspace, githubJob } from './cli-harness.js';
import { REPO_ROOT } from './support/paths.js';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

const GITHUB = `name: Publish
on: push
jobs:
  publish:
    runs-on: [self-hosted, linux]
    environment: production
    permissions:
      contents: read
    env:
      NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          registry-url: https://registry.npmjs.org
      - run: npm install -g npm@latest
      - run: npx trustpub publish --workspaces
`;

const GITLAB = `release:
  image: node:22
  tags: [our-runner]
  variables:
    NPM_TOKEN: $NPM_TOKEN
  script:
    - npm i -g npm@latest
    - npx trustpub publish --workspaces
`;

const CIRCLECI = `version: 2.1
jobs:
  publish:
    machine: true
    resource_class: acme/our-runner
    steps:
      - checkout
      - run: npm install --global npm@11
      - run: npx trustpub publish --workspaces
`;

test('doctor reports every CI-file mistake with file and line, and annotates the line in a GitHub job', async () => {
  const root = tempDir('doctor-wf-');
  writeNpmWorkspace(root, [{ name: '@acme/wf-a' }, { name: '@acme/wf-b' }]);
  for (const n of ['@acme/wf-a', '@acme/wf-b']) {
    await sandbox.seed(n, '0.0.1');
    await trust(sandbox, n);
  }
  const files: Record<string, string> = {
    '.github/workflows/publish.yml': GITHUB,
    '.gitlab-ci.yml': GITLAB,
    '.circleci/config.yml': CIRCLECI,
    // The trusted publisher the repository declares (what `trustpub trust sync` applies).
    '.trustpub.json': JSON.stringify({
      provider: 'github',
      repository: REPO,
      file: 'release.yml',
      environment: 'npm',
    }),
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const env = await githubJob(sandbox, 'private');
  const r = await runTrustpub(['doctor', '--workspaces'], { cwd: root, env });
  assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
  const reported = [...r.stdout.matchAll(/^(error|warning)\s+(WORKFLOW_[A-Z_]+): ([^:\n]+:\d+):/gm)]
    .map((m) => `${m[1]} ${m[2]} ${m[3]}`)
    .sort();
  assert.deepEqual(
    reported,
    [
      'error WORKFLOW_ID_TOKEN .github/workflows/publish.yml:7',
      'error WORKFLOW_SELF_HOSTED_RUNNER .circleci/config.yml:5',
      'error WORKFLOW_SELF_HOSTED_RUNNER .github/workflows/publish.yml:5',
      'error WORKFLOW_TRUSTED_PUBLISHER_MISMATCH .github/workflows/publish.yml:4',
      'error WORKFLOW_ID_TOKEN .gitlab-ci.yml:1',
      'warning WORKFLOW_NPM_UPGRADE .circleci/config.yml:8',
      'warning WORKFLOW_NPM_UPGRADE .github/workflows/publish.yml:17',
      'warning WORKFLOW_NPM_UPGRADE .gitlab-ci.yml:7',
      'warning WORKFLOW_REGISTRY_URL .github/workflows/publish.yml:16',
      'warning WORKFLOW_SELF_HOSTED_RUNNER .gitlab-ci.yml:3',
      'warning WORKFLOW_WRITE_TOKEN .github/workflows/publish.yml:10',
      'warning WORKFLOW_WRITE_TOKEN .gitlab-ci.yml:5',
    ].sort(),
  );
  assert.match(
    r.stdout,
    /trusted publisher of @acme\/wf-a, @acme\/wf-b names the workflow "release\.yml"/,
  );
  // Annotations point at the file and line (warnings too).
  assert.match(
    r.stdout,
    /^::error file=\.github\/workflows\/publish\.yml,line=7,title=WORKFLOW_ID_TOKEN::/m,
  );
  assert.match(
    r.stdout,
    /^::warning file=\.github\/workflows\/publish\.yml,line=16,title=WORKFLOW_REGISTRY_URL::/m,
  );
  assert.match(r.stdout, /^::error file=\.gitlab-ci\.yml,line=1,title=WORKFLOW_ID_TOKEN::/m);

  const skipped = await runTrustpub(['doctor', '--workspaces', '--no-workflows'], {
    cwd: root,
    env,
  });
  assert.equal(skipped.code, 0, `${skipped.stdout}\n${skipped.stderr}`);
  assert.doesNotMatch(skipped.stdout, /WORKFLOW_/);
});

test('doctor: the trusted publisher names this workflow but another environment', async () => {
  const root = tempDir('doctor-wf-env-');
  writeNpmWorkspace(root, [{ name: '@acme/wf-env' }]);
  await sandbox.seed('@acme/wf-env', '0.0.1');
  await trust(sandbox, '@acme/wf-env');
  const workflow = `on: push
permissions:
  contents: read
  id-token: write
jobs:
  release:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: npx trustpub publish --workspaces
`;
  fs.mkdirSync(path.join(root, '.github/workflows'), { recursive: true });
  fs.writeFileSync(path.join(root, '.github/workflows/release.yml'), workflow);
  fs.writeFileSync(
    path.join(root, '.trustpub.json'),
    JSON.stringify({
      provider: 'github',
      repository: REPO,
      file: 'release.yml',
      environment: 'npm',
    }),
  );
  const env = await githubJob(sandbox, 'private');
  const r = await runTrustpub(['doctor', '--workspaces'], { cwd: root, env });
  assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
  const codes = [
    ...r.stdout.matchAll(/^(?:error|warning)\s+(WORKFLOW_[A-Z_]+): ([^:\n]+:\d+):/gm),
  ].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(codes, ['WORKFLOW_TRUSTED_PUBLISHER_MISMATCH .github/workflows/release.yml:6']);
  assert.match(r.stdout, /requires the environment "npm", but job "release" runs in "production"/);
});

test('every workflow file the docs recommend passes the lint without an error', async () => {
  const dir = path.join(REPO_ROOT, 'docs', 'workflows');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yml'));
  assert.equal(files.length, 9);
  for (const file of files) {
    const root = tempDir('doctor-wf-docs-');
    const kind = file.split('.')[1];
    const target =
      kind === 'github'
        ? '.github/workflows/release.yml'
        : kind === 'gitlab'
          ? '.gitlab-ci.yml'
          : '.circleci/config.yml';
    fs.mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
    fs.copyFileSync(path.join(dir, file), path.join(root, target));
    const findings = await lintWorkflows(root);
    assert.deepEqual(
      findings
        .filter((f) => f.severity === 'error')
        .map((f) => `${f.rule} ${f.line}: ${f.message}`),
      [],
      file,
    );
    // Not vacuous: the lint found the file's publishing job (it is compared with another trusted publisher).
    if (kind === 'github' || kind === 'gitlab') {
      const other = await lintWorkflows(root, {
        expected: [{ packageName: 'x', provider: kind, file: 'elsewhere.yml' }],
      });
      assert.ok(
        other.some((f) => f.rule === 'trusted-publisher-file'),
        `${file}: publishing job found`,
      );
    }
  }
});
