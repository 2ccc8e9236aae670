import type { CiInfo, IdTokenClaims } from '../kernel/index.js';

/**
 * The trusted-publisher fields (and the `trustpub trust` command creating them, with the permission flag
 * it requires) that these claims would match.
 */
export function matchingSettings(
  ci: CiInfo,
  claims: IdTokenClaims,
  packageName: string,
): { fields: Record<string, string>; command: string } {
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
      command: `trustpub trust github ${packageName} --repo ${repository} --file ${file}${env ? ` --env ${env}` : ''} --allow-publish`,
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
      command: `trustpub trust gitlab ${packageName} --project ${project} --file ${file}${env ? ` --env ${env}` : ''} --allow-publish`,
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
    command: `trustpub trust circleci ${packageName} --org-id ${c('org-id')} --project-id ${c('project-id')} --pipeline-definition-id ${c('pipeline-definition-id')} --vcs-origin ${c('vcs-origin')} --allow-publish`,
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
