import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparedFields, matchingSettings } from './expected-publisher.js';

const github = { provider: 'github' as const, canRequestIdToken: true };
const claims = {
  repository: 'acme/widgets',
  workflow_ref: 'acme/widgets/.github/workflows/release.yml@refs/heads/main',
  environment: 'npm',
};

test('the fix command carries the flags its situation needs', () => {
  const cmd = (packageExists?: boolean) =>
    matchingSettings(github, claims, '@acme/w', { packageExists }).command;
  const base =
    'trustpub trust github @acme/w --repo acme/widgets --file release.yml --env npm --allow-publish';
  assert.equal(cmd(false), `${base} --bootstrap`, 'not on the registry: a placeholder first');
  assert.equal(cmd(true), `${base} --replace`, 'one publisher per package: replace');
  assert.equal(cmd(undefined), `${base} --bootstrap --replace`, 'unknown: both act only if needed');
});

test('each provider gets its own command and its own field names', () => {
  const gitlab = matchingSettings(
    { provider: 'gitlab', canRequestIdToken: true },
    { project_path: 'g/p', ci_config_ref_uri: 'gitlab.com/g/p//.gitlab-ci.yml@refs/heads/main' },
    'x',
    { packageExists: false },
  );
  assert.equal(
    gitlab.command,
    'trustpub trust gitlab x --project g/p --file .gitlab-ci.yml --allow-publish --bootstrap',
  );
  const circle = matchingSettings(
    { provider: 'circleci', canRequestIdToken: true },
    {
      'oidc.circleci.com/org-id': 'o',
      'oidc.circleci.com/project-id': 'p',
      'oidc.circleci.com/pipeline-definition-id': 'd',
      'oidc.circleci.com/vcs-origin': 'github.com/a/b',
    },
    'x',
    { packageExists: true },
  );
  assert.equal(
    circle.command,
    'trustpub trust circleci x --org-id o --project-id p --pipeline-definition-id d --vcs-origin github.com/a/b --allow-publish --replace',
  );
  assert.doesNotMatch(comparedFields('circleci'), /workflow file|\.yml/);
  assert.match(comparedFields('gitlab'), /CI config file/);
});
