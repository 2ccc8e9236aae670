import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { lintWorkflows, type ExpectedPublisher } from './workflow-lint.js';

async function repo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'workflow-lint-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

const short = (f: { rule: string; file: string; line: number; severity: string }) =>
  `${f.severity} ${f.rule} ${f.file}:${f.line}`;

const GOOD_GITHUB = `name: Release
on: push
permissions:
  contents: read
  id-token: write
jobs:
  test:
    runs-on: self-hosted
    steps:
      - run: npm test
  release:
    runs-on: ubuntu-latest
    environment: npm
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - run: npx trustpub publish --workspaces
`;

test('a correct GitHub release workflow has no finding (jobs that do not publish are not judged)', async () => {
  const root = await repo({ '.github/workflows/release.yml': GOOD_GITHUB });
  const expected: ExpectedPublisher[] = [
    { packageName: 'a', provider: 'github', file: 'release.yml', environment: 'npm' },
  ];
  assert.deepEqual(await lintWorkflows(root, { expected }), []);
});

test('every GitHub mistake, with file and line', async () => {
  const root = await repo({
    '.github/workflows/publish.yml': `name: Publish
on: push
permissions:
  id-token: write
env:
  NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
jobs:
  publish:
    runs-on: [self-hosted, linux]
    permissions:
      contents: write
    environment:
      name: production
    steps:
      - uses: actions/setup-node@v4
        with:
          registry-url: https://registry.npmjs.org
      - run: npm install -g npm@latest
      - run: npx semantic-release
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`,
  });
  const findings = await lintWorkflows(root, {
    expected: [
      { packageName: 'a', provider: 'github', file: 'release.yml' },
      { packageName: 'b', provider: 'github', file: 'publish.yml', environment: 'npm' },
    ],
  });
  assert.deepEqual(findings.map(short).sort(), [
    'error id-token .github/workflows/publish.yml:10',
    'error self-hosted-runner .github/workflows/publish.yml:9',
    'error trusted-publisher-environment .github/workflows/publish.yml:8',
    'error trusted-publisher-file .github/workflows/publish.yml:8',
    'warning npm-upgrade .github/workflows/publish.yml:18',
    'warning registry-url .github/workflows/publish.yml:17',
    'warning token-masks-oidc .github/workflows/publish.yml:21',
    'warning token-masks-oidc .github/workflows/publish.yml:6',
  ]);
  const id = findings.find((f) => f.rule === 'id-token');
  assert.match(id?.message ?? '', /job's permissions replace the workflow's/);
  const file = findings.find((f) => f.rule === 'trusted-publisher-file');
  assert.match(file?.message ?? '', /trusted publisher of a names the workflow "release.yml"/);
  assert.ok(findings.every((f) => f.hint.length > 0 && f.job === 'publish'));
});

test('GitHub: no permissions at all, write-all, and a runner group', async () => {
  const root = await repo({
    '.github/workflows/a.yml': `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: npx changeset-oidc publish
`,
    '.github/workflows/b.yaml': `on: push
permissions: write-all
jobs:
  release:
    runs-on:
      group: ours
      labels: [self-hosted]
    steps:
      - uses: changesets/action@v1
        with:
          publish: npx changeset-oidc publish
`,
  });
  assert.deepEqual((await lintWorkflows(root)).map(short), [
    'error id-token .github/workflows/a.yml:3',
    'error self-hosted-runner .github/workflows/b.yaml:5',
  ]);
});

test('every GitLab mistake, with file and line; extends and default are followed', async () => {
  const root = await repo({
    '.gitlab-ci.yml': `variables:
  NPM_TOKEN: $NPM_TOKEN
.node:
  image: node:22
  id_tokens:
    ID_TOKEN_1:
      aud: npm:registry.npmjs.org
release:
  extends: .node
  tags: [our-runner]
  environment: prod
  script:
    - npm i -g npm@11
    - npx trustpub publish
good:
  environment: npm
  id_tokens:
    NPM_ID_TOKEN:
      aud: npm:registry.npmjs.org
  script: npx trustpub publish
`,
  });
  const findings = await lintWorkflows(root, {
    expected: [
      { packageName: 'a', provider: 'gitlab', file: '.gitlab-ci.yml', environment: 'npm' },
    ],
  });
  assert.deepEqual(findings.map(short).sort(), [
    'error id-token .gitlab-ci.yml:5',
    'error trusted-publisher-environment .gitlab-ci.yml:8',
    'warning id-token .gitlab-ci.yml:17',
    'warning npm-upgrade .gitlab-ci.yml:13',
    'warning self-hosted-runner .gitlab-ci.yml:10',
    'warning token-masks-oidc .gitlab-ci.yml:2',
    'warning token-masks-oidc .gitlab-ci.yml:2',
  ]);
  assert.match(
    findings.find((f) => f.rule === 'id-token' && f.severity === 'error')?.message ?? '',
    /as ID_TOKEN_1, but trustpub and npm read it from NPM_ID_TOKEN/,
  );
  const wrongAud = await repo({
    '.gitlab-ci.yml': `release:
  id_tokens:
    NPM_ID_TOKEN:
      aud: npm:example.com
  script: [npx semantic-release]
`,
  });
  const [aud] = await lintWorkflows(wrongAud);
  assert.equal(aud?.line, 3);
  assert.match(aud?.message ?? '', /the registry accepts only "npm:registry.npmjs.org"/);
});

test('every CircleCI mistake, with file and line', async () => {
  const root = await repo({
    '.circleci/config.yml': `version: 2.1
jobs:
  build:
    docker: [{ image: cimg/node:22.0 }]
    steps: [checkout, { run: npm test }]
  publish:
    machine: true
    resource_class: our-ns/runner
    environment:
      NPM_TOKEN: abc
    steps:
      - checkout
      - run:
          name: upgrade npm
          command: npm install --global npm@latest
      - run: npx trustpub publish
`,
  });
  assert.deepEqual((await lintWorkflows(root)).map(short), [
    'error self-hosted-runner .circleci/config.yml:8',
    'warning token-masks-oidc .circleci/config.yml:10',
    'warning npm-upgrade .circleci/config.yml:15',
  ]);
});

test('invalid YAML is one finding with its line; a repository without CI files has none', async () => {
  const root = await repo({ '.github/workflows/x.yml': 'jobs:\n  a: [\n' });
  const [f] = await lintWorkflows(root);
  assert.equal(f?.rule, 'invalid-yaml');
  assert.equal(f?.file, '.github/workflows/x.yml');
  assert.deepEqual(await lintWorkflows(await repo({})), []);
});
