import type { CoreContext, CiInfo } from '../kernel/index.js';

/**
 * Detects the CI provider the way npm does (ci-info's vendor table): `CI=false` disables detection,
 * and a vendor counts when its variable is non-empty. Reads variables only; no network, no files.
 */
export function detectCi(ctx: Pick<CoreContext, 'env'>): CiInfo | undefined {
  const env = ctx.env;
  // ci-info sets no vendor constant at all when CI is the string 'false'.
  if (env.CI === 'false') return undefined;
  if (env.GITHUB_ACTIONS) return github(env);
  if (env.GITLAB_CI) return gitlab(env);
  if (env.CIRCLECI) return circleci(env);
  return undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Copies only the values that are set, so optional properties stay absent (exactOptionalPropertyTypes). */
function defined<T extends Record<string, string | undefined>>(
  values: T,
): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const [key, value] of Object.entries(values)) if (value) out[key as keyof T] = value;
  return out;
}

function github(env: Env): CiInfo {
  return {
    provider: 'github',
    ...defined({
      repository: env.GITHUB_REPOSITORY,
      workflowRef: env.GITHUB_WORKFLOW_REF,
      ref: env.GITHUB_REF,
      sha: env.GITHUB_SHA,
      eventName: env.GITHUB_EVENT_NAME,
      runnerEnvironment: env.RUNNER_ENVIRONMENT,
      serverUrl: env.GITHUB_SERVER_URL,
    }),
    canRequestIdToken: Boolean(
      env.NPM_ID_TOKEN || (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN),
    ),
  };
}

function gitlab(env: Env): CiInfo {
  return {
    provider: 'gitlab',
    ...defined({
      repository: env.CI_PROJECT_PATH,
      workflowRef: env.CI_CONFIG_PATH,
      ref: env.CI_COMMIT_REF_NAME,
      sha: env.CI_COMMIT_SHA,
      eventName: env.CI_PIPELINE_SOURCE,
      serverUrl: env.CI_SERVER_URL,
    }),
    // GitLab only hands out ID tokens declared under `id_tokens:` in .gitlab-ci.yml.
    canRequestIdToken: Boolean(env.NPM_ID_TOKEN),
  };
}

function circleci(env: Env): CiInfo {
  return {
    provider: 'circleci',
    ...defined({ ref: env.CIRCLE_TAG ?? env.CIRCLE_BRANCH, sha: env.CIRCLE_SHA1 }),
    // A job with OIDC enabled carries CIRCLE_OIDC_TOKEN_V2; the `circleci` CLI can mint more from it.
    canRequestIdToken: Boolean(
      env.NPM_ID_TOKEN || env.CIRCLE_OIDC_TOKEN_V2 || env.CIRCLE_OIDC_TOKEN,
    ),
  };
}
