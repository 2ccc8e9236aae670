import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrustpubError } from '../errors/index.js';
import { sameTrustConfig } from './compare.js';
import { resolveTrustRequest } from './input.js';
import type { TrustFlags } from './types.js';

const gh = (flags: Partial<TrustFlags>): TrustFlags => ({
  provider: 'github',
  allowPublish: true,
  ...flags,
});
const UUID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

function throwsMessage(fn: () => unknown, message: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof TrustpubError &&
      e.code === 'TRUST_INVALID_INPUT' &&
      e.message === message &&
      e.hint.length > 0,
  );
}

test("github body is npm trust github's, key for key, environment only when set", () => {
  const r = resolveTrustRequest(
    gh({ file: 'release.yml', repository: 'o/r', environment: 'prod', allowStagePublish: true }),
    {},
    'pkg',
  );
  assert.equal(
    JSON.stringify([r.body]),
    '[{"type":"github","claims":{"repository":"o/r","workflow_ref":{"file":"release.yml"},"environment":"prod"},"permissions":["createPackage","createStagedPackage"]}]',
  );
  const plain = resolveTrustRequest(gh({ file: 'release.yml', repository: 'o/r' }), {}, 'pkg');
  assert.equal(
    JSON.stringify(plain.body.claims),
    '{"repository":"o/r","workflow_ref":{"file":"release.yml"}}',
  );
});

test('repository is inferred from package.json through hosted-git-info, marked as such', () => {
  const r = resolveTrustRequest(gh({ file: 'ci.yaml' }), {
    name: 'pkg',
    repository: { type: 'git', url: 'git+https://github.com/acme/tools.git' },
  });
  assert.equal((r.body.claims as { repository: string }).repository, 'acme/tools');
  assert.equal(r.fromPackageJson.repository, true);
  assert.equal(r.packageName, 'pkg');
});

test('gitlab and circleci bodies', () => {
  const gl = resolveTrustRequest(
    { provider: 'gitlab', file: '.gitlab-ci.yml', project: 'grp/sub/proj', allowPublish: true },
    {},
    'p',
  );
  assert.equal(
    JSON.stringify(gl.body),
    '{"type":"gitlab","claims":{"project_path":"grp/sub/proj","ci_config_ref_uri":{"file":".gitlab-ci.yml"}},"permissions":["createPackage"]}',
  );
  const cc = resolveTrustRequest(
    {
      provider: 'circleci',
      orgId: UUID,
      projectId: UUID,
      pipelineDefinitionId: UUID,
      vcsOrigin: 'github.com/o/r',
      contextIds: [UUID],
      allowStagePublish: true,
    },
    {},
    'p',
  );
  assert.deepEqual(Object.keys(cc.body.claims), [
    'oidc.circleci.com/org-id',
    'oidc.circleci.com/project-id',
    'oidc.circleci.com/pipeline-definition-id',
    'oidc.circleci.com/vcs-origin',
    'oidc.circleci.com/context-ids',
  ]);
  assert.deepEqual(cc.body.permissions, ['createStagedPackage']);
});

test("validation errors are npm trust's exact strings", () => {
  throwsMessage(
    () => resolveTrustRequest({ provider: 'github', file: 'a.yml', repository: 'o/r' }, {}, 'p'),
    'At least one permission flag is required (--allow-publish, --allow-stage-publish)',
  );
  throwsMessage(
    () => resolveTrustRequest(gh({ file: 'a.yml', repository: 'o/r' }), {}),
    'Package name must be specified either as an argument or in package.json file',
  );
  throwsMessage(
    () => resolveTrustRequest(gh({ repository: 'o/r' }), {}, 'p'),
    'GitHub Actions Workflow must be specified with the file option',
  );
  throwsMessage(
    () => resolveTrustRequest(gh({ file: 'a.json', repository: 'o/r' }), {}, 'p'),
    'GitHub Actions Workflow must end in .yml or .yaml',
  );
  throwsMessage(
    () => resolveTrustRequest(gh({ file: '.github/workflows/a.yml', repository: 'o/r' }), {}, 'p'),
    'GitHub Actions workflow must be just a file not a path',
  );
  throwsMessage(
    () => resolveTrustRequest(gh({ file: 'a.yml', repository: 'o/r/x' }), {}, 'p'),
    'GitHub repository must be specified in the format owner/repository',
  );
  throwsMessage(
    () => resolveTrustRequest(gh({ file: 'a.yml' }), { name: 'p' }),
    'GitHub repository must be specified with repository option or inferred from the package.json repository field',
  );
  throwsMessage(
    () => resolveTrustRequest(gh({ file: 'a.yml' }), { name: 'other' }, 'p'),
    'GitHub repository must be specified with repository option',
  );
  throwsMessage(
    () =>
      resolveTrustRequest(gh({ file: 'a.yml' }), {
        name: 'p',
        repository: 'https://gitlab.com/g/p',
      }),
    'Repository in package.json is not a GitHub repository',
  );
  throwsMessage(
    () =>
      resolveTrustRequest(
        { provider: 'gitlab', file: 'ci.yml', project: 'single', allowPublish: true },
        {},
        'p',
      ),
    'GitLab project must be specified in the format group/project or group/subgroup/project',
  );
  const cc = (f: Partial<TrustFlags>) => () =>
    resolveTrustRequest(
      {
        provider: 'circleci',
        orgId: UUID,
        projectId: UUID,
        pipelineDefinitionId: UUID,
        vcsOrigin: 'github.com/o/r',
        allowPublish: true,
        ...f,
      },
      {},
      'p',
    );
  throwsMessage(cc({ orgId: undefined }), 'org-id is required');
  throwsMessage(cc({ vcsOrigin: undefined }), 'vcs-origin is required');
  throwsMessage(cc({ projectId: 'nope' }), 'project-id must be a valid UUID');
  throwsMessage(cc({ contextIds: ['x'] }), 'context-id must be a valid UUID');
  throwsMessage(
    cc({ vcsOrigin: 'https://github.com/o/r' }),
    "vcs-origin must not include a scheme (e.g., use 'github.com/owner/repo' not 'https://github.com/owner/repo')",
  );
  throwsMessage(
    cc({ vcsOrigin: 'github.com/o' }),
    "vcs-origin must be in format 'provider/owner/repo'",
  );
});

test('a GitLab repository with --repo given warns instead of failing; a different repository warns', () => {
  const r = resolveTrustRequest(gh({ file: 'a.yml', repository: 'o/r' }), {
    name: 'p',
    repository: 'https://gitlab.com/g/p',
  });
  assert.deepEqual(r.warnings, ['Repository in package.json is not a GitHub repository']);
  const d = resolveTrustRequest(gh({ file: 'a.yml', repository: 'o/r' }), {
    name: 'p',
    repository: 'github:o/other',
  });
  assert.deepEqual(d.warnings, [
    'Repository in package.json (o/other) differs from provided GitHub repository (o/r)',
  ]);
});

test('comparison ignores ids, key order and permission order, but not claims', () => {
  const want = resolveTrustRequest(
    gh({ file: 'a.yml', repository: 'o/r', allowStagePublish: true }),
    {},
    'p',
  ).body;
  const have = {
    id: 'x',
    permissions: ['createStagedPackage', 'createPackage'],
    claims: { workflow_ref: { file: 'a.yml' }, repository: 'o/r' },
    type: 'github',
  };
  assert.equal(sameTrustConfig(have, want), true);
  assert.equal(
    sameTrustConfig({ ...have, claims: { ...have.claims, environment: 'prod' } }, want),
    false,
  );
  assert.equal(sameTrustConfig({ ...have, permissions: ['createPackage'] }, want), false);
});
