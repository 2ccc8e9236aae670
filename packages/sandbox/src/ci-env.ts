import crypto from 'node:crypto';
import path from 'node:path';
import { clientRegistryEnv } from './client-registry.js';
import { circleciClaims, githubClaims, gitlabClaims } from './claims.js';
import type { Issuer } from './issuer.js';
import type {
  CircleciJobOptions,
  CiJobOptions,
  CiProvider,
  GithubJobOptions,
  GitlabJobOptions,
} from './types.js';

/** Where the sandbox lives, for the variables every job gets. */
export interface EnvTargets {
  registry: string;
  fulcioUrl: string;
  rekorUrl: string;
  trustedRootPath: string;
  /** Directory holding the `circleci` stand-in (see circleci-shim.ts). */
  shimDir: string;
}

/**
 * The environment of a CI job of the given provider, as the provider sets it, with the ID-token source
 * pointing at the sandbox's issuer, every package manager pinned to the sandbox registry and Sigstore pointed at the
 * sandbox's Fulcio and Rekor. It never holds a write token: publishing must go through the exchange.
 */
export async function buildCiEnv(
  issuer: Issuer,
  targets: EnvTargets,
  provider: CiProvider,
  opts: CiJobOptions,
): Promise<Record<string, string>> {
  const common = {
    CI: 'true',
    ...clientRegistryEnv(targets.registry),
    TRUSTPUB_FULCIO_URL: targets.fulcioUrl,
    TRUSTPUB_REKOR_URL: targets.rekorUrl,
    TRUSTPUB_TRUSTED_ROOT: targets.trustedRootPath,
  };
  const npmAud = `npm:${new URL(targets.registry).hostname}`;
  if (provider === 'github') return { ...githubEnv(issuer, opts as GithubJobOptions), ...common };
  if (provider === 'gitlab') {
    const o = opts as GitlabJobOptions;
    const claims = gitlabClaims(o);
    return {
      ...gitlabEnv(o, claims),
      // GitLab jobs get their tokens as variables declared in `id_tokens`; they live as long as the job (1 h here).
      NPM_ID_TOKEN: await issuer.mint(claims, { aud: npmAud, ttlSeconds: 3600 }),
      SIGSTORE_ID_TOKEN: await issuer.mint(claims, { aud: 'sigstore', ttlSeconds: 3600 }),
      ...common,
    };
  }
  const o = opts as CircleciJobOptions;
  const [host = '', owner = '', repo = ''] = o.vcsOrigin.split('/');
  const claims = circleciClaims(o);
  return {
    // The job's own token (audience: the org id, as on CircleCI), which `circleci run oidc get` trades.
    CIRCLE_OIDC_TOKEN_V2: await issuer.mint(claims, { aud: o.orgId, ttlSeconds: 3600 }),
    // The sandbox's `circleci` stand-in first on PATH, so clients can refresh stale ID tokens.
    PATH: `${targets.shimDir}${path.delimiter}${process.env.PATH ?? ''}`,
    CIRCLECI: 'true',
    CIRCLE_PROJECT_USERNAME: owner,
    CIRCLE_PROJECT_REPONAME: repo,
    CIRCLE_REPOSITORY_URL: `https://${host}/${owner}/${repo}`,
    CIRCLE_BRANCH: 'main',
    CIRCLE_SHA1: '0'.repeat(40),
    CIRCLE_BUILD_NUM: '42',
    CIRCLE_JOB: 'publish',
    CIRCLE_WORKFLOW_ID: crypto.randomUUID(),
    CIRCLE_BUILD_URL: `https://app.circleci.com/pipelines/${host}/${owner}/${repo}/42`,
    // CircleCI's exchange refuses tokens older than 5 minutes: this one is fresh when printed.
    NPM_ID_TOKEN: await issuer.mint(claims, { aud: npmAud, ttlSeconds: 3600 }),
    ...common,
  };
}

function githubEnv(issuer: Issuer, o: GithubJobOptions): Record<string, string> {
  const claims = githubClaims(o);
  const { requestUrl, requestToken } = issuer.registerGithubJob(claims);
  const ref = String(claims.ref);
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: o.repo,
    GITHUB_REPOSITORY_ID: String(claims.repository_id),
    GITHUB_REPOSITORY_OWNER: String(claims.repository_owner),
    GITHUB_REPOSITORY_OWNER_ID: String(claims.repository_owner_id),
    GITHUB_WORKFLOW: String(claims.workflow),
    GITHUB_WORKFLOW_REF: String(claims.workflow_ref),
    GITHUB_WORKFLOW_SHA: String(claims.workflow_sha),
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_TYPE: String(claims.ref_type),
    GITHUB_SHA: String(claims.sha),
    GITHUB_EVENT_NAME: String(claims.event_name),
    GITHUB_ACTOR: String(claims.actor),
    GITHUB_RUN_ID: String(claims.run_id),
    GITHUB_RUN_NUMBER: String(claims.run_number),
    GITHUB_RUN_ATTEMPT: String(claims.run_attempt),
    GITHUB_JOB: 'publish',
    RUNNER_ENVIRONMENT: String(claims.runner_environment),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
  };
}

function gitlabEnv(o: GitlabJobOptions, claims: Record<string, unknown>): Record<string, string> {
  const projectUrl = `https://gitlab.com/${o.project}`;
  return {
    GITLAB_CI: 'true',
    CI_SERVER_URL: 'https://gitlab.com',
    CI_SERVER_HOST: 'gitlab.com',
    CI_PROJECT_PATH: o.project,
    CI_PROJECT_ID: String(claims.project_id),
    CI_PROJECT_NAMESPACE: String(claims.namespace_path),
    CI_PROJECT_NAME: o.project.split('/').pop() ?? '',
    CI_PROJECT_URL: projectUrl,
    CI_PROJECT_VISIBILITY: String(claims.project_visibility),
    CI_CONFIG_PATH: o.file ?? '.gitlab-ci.yml',
    CI_COMMIT_SHA: String(claims.sha),
    CI_COMMIT_REF_NAME: String(claims.ref),
    CI_COMMIT_BRANCH: String(claims.ref),
    CI_DEFAULT_BRANCH: 'main',
    CI_PIPELINE_ID: String(claims.pipeline_id),
    CI_PIPELINE_SOURCE: 'push',
    CI_JOB_ID: String(claims.job_id),
    CI_JOB_NAME: 'publish',
    CI_JOB_URL: `${projectUrl}/-/jobs/${String(claims.job_id)}`,
    CI_RUNNER_ID: String(claims.runner_id),
    CI_RUNNER_DESCRIPTION:
      String(claims.runner_environment) === 'self-hosted'
        ? 'self-hosted runner'
        : 'gitlab-hosted runner',
    CI_RUNNER_EXECUTABLE_ARCH: 'linux/amd64',
    ...(o.environment ? { CI_ENVIRONMENT_NAME: o.environment } : {}),
  };
}
