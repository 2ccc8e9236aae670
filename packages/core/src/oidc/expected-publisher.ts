import type { CiInfo, IdTokenClaims } from '../kernel/index.js';

/** What is known of the package on the registry when a fix is printed (CI cannot read its publisher). */
export interface PublisherSituation {
  /** false: the registry does not have the package; undefined: not known. */
  packageExists?: boolean | undefined;
}

/**
 * The flags that make a `trustpub trust <provider>` command work in the situation: a package the
 * registry does not have needs a placeholder first (`--bootstrap`); an existing package may already
 * have a different publisher, and the registry allows one per package (`--replace`, which only creates
 * when there is none). When existence is unknown both are given; each acts only when needed.
 */
function situationFlags(situation: PublisherSituation): string {
  if (situation.packageExists === false) return ' --bootstrap';
  if (situation.packageExists === true) return ' --replace';
  return ' --bootstrap --replace';
}

/**
 * Which trusted-publisher fields the registry compares for this provider, for a fix's wording (each
 * provider names them differently; all are case-sensitive).
 */
export function comparedFields(provider: CiInfo['provider']): string {
  if (provider === 'github')
    return 'repository, workflow file name (such as release.yml), environment';
  if (provider === 'gitlab')
    return 'project path, CI config file name (such as .gitlab-ci.yml), environment';
  return 'organization id, project id, pipeline definition id, VCS origin';
}

/**
 * The trusted-publisher fields that these claims would match, and the one `trustpub trust` command
 * (with the permission flag it requires and the flags the situation needs) that configures them. Every
 * fix trustpub prints for a missing or mismatched trusted publisher comes from here.
 */
export function matchingSettings(
  ci: CiInfo,
  claims: IdTokenClaims,
  packageName: string,
  situation: PublisherSituation = {},
): { fields: Record<string, string>; command: string } {
  const flags = situationFlags(situation);
  const env =
    typeof claims.environment === 'string' && claims.environment ? claims.environment : undefined;
  if (ci.provider === 'github') {
    const repository = str(claims.repository) ?? ci.repository ?? 'OWNER/REPO';
    const file = workflowFile(str(claims.workflow_ref) ?? ci.workflowRef ?? 'FILE.yml@');
    return {
      fields: {
        provider: 'GitHub Actions',
        repository,
        'workflow file': file,
        environment: env ?? '(none)',
      },
      command: `trustpub trust github ${packageName} --repo ${repository} --file ${file}${env ? ` --env ${env}` : ''} --allow-publish${flags}`,
    };
  }
  if (ci.provider === 'gitlab') {
    const project = str(claims.project_path) ?? ci.repository ?? 'GROUP/PROJECT';
    const file = workflowFile(str(claims.ci_config_ref_uri) ?? '.gitlab-ci.yml@');
    return {
      fields: {
        provider: 'GitLab CI/CD',
        project,
        'config file': file,
        environment: env ?? '(none)',
      },
      command: `trustpub trust gitlab ${packageName} --project ${project} --file ${file}${env ? ` --env ${env}` : ''} --allow-publish${flags}`,
    };
  }
  const c = (k: string) => str(claims[`oidc.circleci.com/${k}`]) ?? `(missing ${k})`;
  return {
    fields: {
      provider: 'CircleCI',
      'org id': c('org-id'),
      'project id': c('project-id'),
      'pipeline definition id': c('pipeline-definition-id'),
      'vcs origin': c('vcs-origin'),
    },
    command: `trustpub trust circleci ${packageName} --org-id ${c('org-id')} --project-id ${c('project-id')} --pipeline-definition-id ${c('pipeline-definition-id')} --vcs-origin ${c('vcs-origin')} --allow-publish${flags}`,
  };
}

/** `OWNER/REPO/.github/workflows/FILE@REF` -> `FILE`; GitLab `host/group/project//path/FILE@REF` -> `FILE`. */
export function workflowFile(ref: string): string {
  const withoutRef = ref.split('@')[0] ?? ref;
  return withoutRef.split('/').pop() ?? withoutRef;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
