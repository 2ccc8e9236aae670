/**
 * Every variable `env` may set for one provider and none of the others', by provider. When a shell
 * switches jobs (`env github`, then `env gitlab`), the other providers' variables are unset: a left-over
 * `GITHUB_ACTIONS` would keep every tool acting as GitHub. `provider-variables.test.ts` keeps this list
 * equal to what `ciEnv` sets.
 */
export const PROVIDER_VARIABLES: Record<'github' | 'gitlab' | 'circleci', readonly string[]> = {
  github: [
    'GITHUB_ACTIONS',
    'GITHUB_SERVER_URL',
    'GITHUB_REPOSITORY',
    'GITHUB_REPOSITORY_ID',
    'GITHUB_REPOSITORY_OWNER',
    'GITHUB_REPOSITORY_OWNER_ID',
    'GITHUB_WORKFLOW',
    'GITHUB_WORKFLOW_REF',
    'GITHUB_WORKFLOW_SHA',
    'GITHUB_REF',
    'GITHUB_REF_NAME',
    'GITHUB_REF_TYPE',
    'GITHUB_SHA',
    'GITHUB_EVENT_NAME',
    'GITHUB_ACTOR',
    'GITHUB_RUN_ID',
    'GITHUB_RUN_NUMBER',
    'GITHUB_RUN_ATTEMPT',
    'GITHUB_JOB',
    'RUNNER_ENVIRONMENT',
    'RUNNER_OS',
    'RUNNER_ARCH',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  ],
  gitlab: [
    'GITLAB_CI',
    'CI_SERVER_URL',
    'CI_SERVER_HOST',
    'CI_PROJECT_PATH',
    'CI_PROJECT_ID',
    'CI_PROJECT_NAMESPACE',
    'CI_PROJECT_NAME',
    'CI_PROJECT_URL',
    'CI_PROJECT_VISIBILITY',
    'CI_CONFIG_PATH',
    'CI_COMMIT_SHA',
    'CI_COMMIT_REF_NAME',
    'CI_COMMIT_BRANCH',
    'CI_DEFAULT_BRANCH',
    'CI_PIPELINE_ID',
    'CI_PIPELINE_SOURCE',
    'CI_JOB_ID',
    'CI_JOB_NAME',
    'CI_JOB_URL',
    'CI_RUNNER_ID',
    'CI_RUNNER_DESCRIPTION',
    'CI_RUNNER_EXECUTABLE_ARCH',
    'CI_ENVIRONMENT_NAME',
    'NPM_ID_TOKEN',
    'SIGSTORE_ID_TOKEN',
  ],
  circleci: [
    'CIRCLE_OIDC_TOKEN_V2',
    'CIRCLECI',
    'CIRCLE_PROJECT_USERNAME',
    'CIRCLE_PROJECT_REPONAME',
    'CIRCLE_REPOSITORY_URL',
    'CIRCLE_BRANCH',
    'CIRCLE_SHA1',
    'CIRCLE_BUILD_NUM',
    'CIRCLE_JOB',
    'CIRCLE_WORKFLOW_ID',
    'CIRCLE_BUILD_URL',
    'NPM_ID_TOKEN',
  ],
};

/** The variables a job of any provider may have that this environment does not set. */
export function variablesToUnset(env: Record<string, string>): string[] {
  const all = new Set(Object.values(PROVIDER_VARIABLES).flat());
  return [...all].filter((name) => !(name in env)).sort();
}
