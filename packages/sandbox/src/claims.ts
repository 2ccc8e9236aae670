import crypto from 'node:crypto';
import type { CircleciJobOptions, GithubJobOptions, GitlabJobOptions } from './types.js';

/** A stable numeric id for a name, so the same repository always gets the same `repository_id`. */
function idFor(text: string): string {
  return String(
    parseInt(crypto.createHash('sha256').update(text).digest('hex').slice(0, 8), 16) % 900_000_000,
  );
}

function shaFor(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

/** GitHub's `sub` joins `key:value` parts with colons, so a colon inside a value is written `%3A`. */
function subPart(value: string): string {
  return value.replaceAll(':', '%3A');
}

/**
 * The claim set of a GitHub Actions job's ID token (docs/protocol.md, CI identity), without `iss`, `aud`, `iat`, `exp`,
 * which the issuer adds when it mints. `workflow_ref` names the calling workflow, as npmjs matches it.
 */
export function githubClaims(
  opts: GithubJobOptions,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const ref = opts.ref ?? 'refs/heads/main';
  const [owner = ''] = opts.repo.split('/');
  const workflowRef = `${opts.repo}/.github/workflows/${opts.workflow}@${ref}`;
  const sha = shaFor(`${opts.repo}@${ref}`);
  const sub = opts.environment
    ? `repo:${opts.repo}:environment:${subPart(opts.environment)}`
    : `repo:${opts.repo}:ref:${ref}`;
  return {
    sub,
    ref,
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    ref_protected: 'true',
    sha,
    repository: opts.repo,
    repository_id: idFor(opts.repo),
    repository_owner: owner,
    repository_owner_id: idFor(owner),
    repository_visibility: opts.visibility ?? 'public',
    run_id: idFor(`${workflowRef}#run`),
    run_number: '42',
    run_attempt: '1',
    runner_environment: opts.runner ?? 'github-hosted',
    actor: 'octocat',
    actor_id: '12',
    event_name: 'push',
    ...(opts.environment ? { environment: opts.environment } : {}),
    workflow: 'Release',
    head_ref: '',
    base_ref: '',
    workflow_ref: workflowRef,
    workflow_sha: sha,
    job_workflow_ref: opts.jobWorkflowRef ?? workflowRef,
    job_workflow_sha: sha,
    ...overrides,
  };
}

/** The claim set of a GitLab CI job's ID token (docs/protocol.md, CI identity); note the `//` in `ci_config_ref_uri`. */
export function gitlabClaims(
  opts: GitlabJobOptions,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const file = opts.file ?? '.gitlab-ci.yml';
  const refName = (opts.ref ?? 'main').replace(/^refs\/(heads|tags)\//, '');
  const refType = opts.ref?.startsWith('refs/tags/') ? 'tag' : 'branch';
  const refPath = `refs/${refType === 'tag' ? 'tags' : 'heads'}/${refName}`;
  const namespace = opts.project.split('/').slice(0, -1).join('/');
  const sha = shaFor(`${opts.project}@${refPath}`);
  return {
    namespace_id: idFor(namespace),
    namespace_path: namespace,
    project_id: idFor(opts.project),
    project_path: opts.project,
    user_id: '1',
    user_login: 'sample-user',
    user_email: 'sample-user@example.com',
    user_access_level: 'maintainer',
    pipeline_id: idFor(`${opts.project}#pipeline`),
    pipeline_source: 'push',
    job_id: idFor(`${opts.project}#job`),
    ref: refName,
    ref_type: refType,
    ref_path: refPath,
    ref_protected: 'true',
    ...(opts.environment
      ? {
          environment: opts.environment,
          environment_protected: 'true',
          deployment_tier: 'production',
          environment_action: 'start',
        }
      : {}),
    runner_id: 1,
    runner_environment: opts.runner ?? 'gitlab-hosted',
    sha,
    project_visibility: opts.visibility ?? 'public',
    ci_config_ref_uri: `gitlab.com/${opts.project}//${file}@${refPath}`,
    ci_config_sha: sha,
    sub: `project_path:${opts.project}:ref_type:${refType}:ref:${refName}`,
    ...overrides,
  };
}

/** The claim set of a CircleCI job's ID token (docs/protocol.md, CI identity). */
export function circleciClaims(
  opts: CircleciJobOptions,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    sub: `org/${opts.orgId}/project/${opts.projectId}/user/${crypto.randomUUID()}`,
    'oidc.circleci.com/org-id': opts.orgId,
    'oidc.circleci.com/project-id': opts.projectId,
    'oidc.circleci.com/pipeline-definition-id': opts.pipelineDefinitionId,
    'oidc.circleci.com/vcs-origin': opts.vcsOrigin,
    'oidc.circleci.com/vcs-ref': 'refs/heads/main',
    'oidc.circleci.com/context-ids': opts.contextIds ?? [],
    'oidc.circleci.com/pipeline-id': crypto.randomUUID(),
    'oidc.circleci.com/workflow-id': crypto.randomUUID(),
    'oidc.circleci.com/job-id': crypto.randomUUID(),
    'oidc.circleci.com/ssh-rerun': false,
    ...overrides,
  };
}
