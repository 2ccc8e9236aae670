// Trusted-publisher configurations the suites give the sandbox's setTrust, where the claim names are
// long enough to get wrong (CircleCI's are namespaced under oidc.circleci.com/).
import type { CircleciJobOptions, TrustConfigBody } from '@trustpub/sandbox';

/** The configuration that trusts exactly this CircleCI job (its org, project, pipeline and origin). */
export function circleciTrust(job: CircleciJobOptions, permissions?: string[]): TrustConfigBody {
  return {
    type: 'circleci',
    claims: {
      'oidc.circleci.com/org-id': job.orgId,
      'oidc.circleci.com/project-id': job.projectId,
      'oidc.circleci.com/pipeline-definition-id': job.pipelineDefinitionId,
      'oidc.circleci.com/vcs-origin': job.vcsOrigin,
    },
    ...(permissions ? { permissions } : {}),
  };
}
