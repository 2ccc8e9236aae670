import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCi } from './ci-detect.js';

test('CI=false disables detection like ci-info, even with a vendor variable set', () => {
  assert.equal(detectCi({ env: { CI: 'false', GITHUB_ACTIONS: 'true' } }), undefined);
});

test('no vendor variable, or an empty one, is no CI', () => {
  assert.equal(detectCi({ env: { CI: 'true' } }), undefined);
  assert.equal(detectCi({ env: { GITHUB_ACTIONS: '' } }), undefined);
});

test('GitHub Actions: repository, workflow ref and token availability come from the variables', () => {
  const ci = detectCi({
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/release.yml@refs/heads/main',
      RUNNER_ENVIRONMENT: 'github-hosted',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/x?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-value',
    },
  });
  assert.deepEqual(ci, {
    provider: 'github',
    repository: 'o/r',
    workflowRef: 'o/r/.github/workflows/release.yml@refs/heads/main',
    runnerEnvironment: 'github-hosted',
    canRequestIdToken: true,
  });
  assert.equal(detectCi({ env: { GITHUB_ACTIONS: 'true' } })?.canRequestIdToken, false);
});

test('GitLab needs NPM_ID_TOKEN; CircleCI accepts NPM_ID_TOKEN or its own OIDC variable', () => {
  assert.equal(
    detectCi({ env: { GITLAB_CI: 'true', CI_PROJECT_PATH: 'g/p' } })?.canRequestIdToken,
    false,
  );
  assert.equal(
    detectCi({ env: { GITLAB_CI: 'true', NPM_ID_TOKEN: 'a.b.c' } })?.repository,
    undefined,
  );
  assert.equal(
    detectCi({ env: { CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: 'x' } })?.provider,
    'circleci',
  );
  assert.equal(
    detectCi({ env: { CIRCLECI: 'true', CIRCLE_OIDC_TOKEN_V2: 'x' } })?.canRequestIdToken,
    true,
  );
});
