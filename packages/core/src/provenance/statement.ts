import { createHash } from 'node:crypto';
import type { CiInfo, PackedPackage } from '../kernel/index.js';

export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const INTOTO_STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';
const INTOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const SLSA_PREDICATE_V02 = 'https://slsa.dev/provenance/v0.2';
export const SLSA_PREDICATE_V1 = 'https://slsa.dev/provenance/v1';
const GITHUB_BUILDER_ID_PREFIX = 'https://github.com/actions/runner';
const GITHUB_BUILD_TYPE = 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1';
const GITLAB_BUILD_TYPE = 'https://github.com/npm/cli/gitlab/v0alpha1';

// The GitLab variables npm copies into `invocation.parameters`, in npm's order (libnpmpublish lib/provenance.js).
const GITLAB_PARAMETERS = [
  'CI',
  'CI_API_GRAPHQL_URL',
  'CI_API_V4_URL',
  'CI_BUILD_BEFORE_SHA',
  'CI_BUILD_ID',
  'CI_BUILD_NAME',
  'CI_BUILD_REF',
  'CI_BUILD_REF_NAME',
  'CI_BUILD_REF_SLUG',
  'CI_BUILD_STAGE',
  'CI_COMMIT_BEFORE_SHA',
  'CI_COMMIT_BRANCH',
  'CI_COMMIT_REF_NAME',
  'CI_COMMIT_REF_PROTECTED',
  'CI_COMMIT_REF_SLUG',
  'CI_COMMIT_SHA',
  'CI_COMMIT_SHORT_SHA',
  'CI_COMMIT_TIMESTAMP',
  'CI_COMMIT_TITLE',
  'CI_CONFIG_PATH',
  'CI_DEFAULT_BRANCH',
  'CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX',
  'CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX',
  'CI_DEPENDENCY_PROXY_SERVER',
  'CI_DEPENDENCY_PROXY_USER',
  'CI_JOB_ID',
  'CI_JOB_NAME',
  'CI_JOB_NAME_SLUG',
  'CI_JOB_STAGE',
  'CI_JOB_STARTED_AT',
  'CI_JOB_URL',
  'CI_NODE_TOTAL',
  'CI_PAGES_DOMAIN',
  'CI_PAGES_URL',
  'CI_PIPELINE_CREATED_AT',
  'CI_PIPELINE_ID',
  'CI_PIPELINE_IID',
  'CI_PIPELINE_SOURCE',
  'CI_PIPELINE_URL',
  'CI_PROJECT_CLASSIFICATION_LABEL',
  'CI_PROJECT_DESCRIPTION',
  'CI_PROJECT_ID',
  'CI_PROJECT_NAME',
  'CI_PROJECT_NAMESPACE',
  'CI_PROJECT_NAMESPACE_ID',
  'CI_PROJECT_PATH',
  'CI_PROJECT_PATH_SLUG',
  'CI_PROJECT_REPOSITORY_LANGUAGES',
  'CI_PROJECT_ROOT_NAMESPACE',
  'CI_PROJECT_TITLE',
  'CI_PROJECT_URL',
  'CI_PROJECT_VISIBILITY',
  'CI_REGISTRY',
  'CI_REGISTRY_IMAGE',
  'CI_REGISTRY_USER',
  'CI_RUNNER_DESCRIPTION',
  'CI_RUNNER_ID',
  'CI_RUNNER_TAGS',
  'CI_SERVER_HOST',
  'CI_SERVER_NAME',
  'CI_SERVER_PORT',
  'CI_SERVER_PROTOCOL',
  'CI_SERVER_REVISION',
  'CI_SERVER_SHELL_SSH_HOST',
  'CI_SERVER_SHELL_SSH_PORT',
  'CI_SERVER_URL',
  'CI_SERVER_VERSION',
  'CI_SERVER_VERSION_MAJOR',
  'CI_SERVER_VERSION_MINOR',
  'CI_SERVER_VERSION_PATCH',
  'CI_TEMPLATE_REGISTRY_HOST',
  'GITLAB_CI',
  'GITLAB_FEATURES',
  'GITLAB_USER_ID',
  'GITLAB_USER_LOGIN',
  'RUNNER_GENERATE_ARTIFACTS_METADATA',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

export interface ProvenanceSubject {
  name: string;
  digest: { sha512: string };
}

/** The package URL npm uses as subject: `pkg:npm/%40scope/name@1.0.0` (npa.toPurl, default registry). */
export function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

/** The statement's subject: the purl and the hex sha512 of the tarball bytes. */
export function provenanceSubject(
  packed: Pick<PackedPackage, 'manifest' | 'tarball'>,
): ProvenanceSubject {
  return {
    name: npmPurl(packed.manifest.name, packed.manifest.version),
    digest: { sha512: createHash('sha512').update(packed.tarball).digest('hex') },
  };
}

/**
 * The in-toto statement npm signs (libnpmpublish `generateProvenance`), field for field and from the same
 * variables: GitHub Actions gets in-toto Statement v1 with SLSA provenance v1, GitLab CI gets Statement
 * v0.1 with SLSA v0.2. Unset variables come out as `undefined` and vanish when serialised, as in npm.
 */
export function buildProvenanceStatement(
  ci: CiInfo,
  packed: Pick<PackedPackage, 'manifest' | 'tarball'>,
  env: Env,
): object {
  const subject = [provenanceSubject(packed)];
  if (ci.provider === 'github') return githubStatement(subject, env);
  if (ci.provider === 'gitlab') return gitlabStatement(subject, env);
  throw new Error(`no provenance statement for ${ci.provider}`); // decideProvenance never lets this through
}

function githubStatement(subject: ProvenanceSubject[], env: Env): object {
  // Exactly npm's string handling, including its behaviour when a variable is missing.
  const relativeRef = (env.GITHUB_WORKFLOW_REF || '').replace(`${env.GITHUB_REPOSITORY}/`, '');
  const at = relativeRef.indexOf('@');
  return {
    _type: INTOTO_STATEMENT_V1,
    subject,
    predicateType: SLSA_PREDICATE_V1,
    predicate: {
      buildDefinition: {
        buildType: GITHUB_BUILD_TYPE,
        externalParameters: {
          workflow: {
            ref: relativeRef.slice(at + 1),
            repository: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`,
            path: relativeRef.slice(0, at),
          },
        },
        internalParameters: {
          github: {
            event_name: env.GITHUB_EVENT_NAME,
            repository_id: env.GITHUB_REPOSITORY_ID,
            repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID,
          },
        },
        resolvedDependencies: [
          {
            uri: `git+${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}@${env.GITHUB_REF}`,
            digest: { gitCommit: env.GITHUB_SHA },
          },
        ],
      },
      runDetails: {
        builder: { id: `${GITHUB_BUILDER_ID_PREFIX}/${env.RUNNER_ENVIRONMENT}` },
        metadata: {
          invocationId: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT}`,
        },
      },
    },
  };
}

function gitlabStatement(subject: ProvenanceSubject[], env: Env): object {
  const parameters: Record<string, string | undefined> = {};
  for (const name of GITLAB_PARAMETERS) parameters[name] = env[name];
  return {
    _type: INTOTO_STATEMENT_V01,
    subject,
    predicateType: SLSA_PREDICATE_V02,
    predicate: {
      buildType: GITLAB_BUILD_TYPE,
      builder: { id: `${env.CI_PROJECT_URL}/-/runners/${env.CI_RUNNER_ID}` },
      invocation: {
        configSource: {
          uri: `git+${env.CI_PROJECT_URL}`,
          digest: { sha1: env.CI_COMMIT_SHA },
          entryPoint: env.CI_JOB_NAME,
        },
        parameters,
        environment: {
          name: env.CI_RUNNER_DESCRIPTION,
          architecture: env.CI_RUNNER_EXECUTABLE_ARCH,
          server: env.CI_SERVER_URL,
          project: env.CI_PROJECT_PATH,
          job: { id: env.CI_JOB_ID },
          pipeline: { id: env.CI_PIPELINE_ID, ref: env.CI_CONFIG_PATH },
        },
      },
      metadata: {
        buildInvocationId: `${env.CI_JOB_URL}`,
        completeness: { parameters: true, environment: true, materials: false },
        reproducible: false,
      },
      materials: [{ uri: `git+${env.CI_PROJECT_URL}`, digest: { sha1: env.CI_COMMIT_SHA } }],
    },
  };
}
