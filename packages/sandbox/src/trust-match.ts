import type { TrustConfig } from './types.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const fileOf = (v: unknown): string | undefined =>
  v && typeof v === 'object' && typeof (v as { file?: unknown }).file === 'string'
    ? (v as { file: string }).file
    : undefined;

/**
 * Whether an ID token's claims satisfy a package's trusted-publisher configuration, by npmjs's rules
 * (docs/protocol.md, what the registry matches): GitHub `repository` + the workflow file of `workflow_ref` (the calling workflow, not
 * `job_workflow_ref`) + `environment` when configured; GitLab `project_path` + the file of
 * `ci_config_ref_uri` + `environment`; CircleCI its ids and VCS origin. Case-sensitive; never keyed on `sub`.
 * Returns the name of the first claim that does not match, or undefined when all match.
 */
export function mismatchedClaim(
  config: TrustConfig,
  claims: Record<string, unknown>,
): string | undefined {
  const want = config.claims;
  const env = str(want.environment);
  if (config.type === 'github') {
    const repository = str(want.repository);
    if (!repository || claims.repository !== repository) return 'repository';
    const file = fileOf(want.workflow_ref);
    const ref = str(claims.workflow_ref) ?? '';
    if (!file || !ref.startsWith(`${repository}/.github/workflows/${file}@`)) return 'workflow_ref';
    if (env !== undefined && claims.environment !== env) return 'environment';
    return undefined;
  }
  if (config.type === 'gitlab') {
    const project = str(want.project_path);
    if (!project || claims.project_path !== project) return 'project_path';
    const file = fileOf(want.ci_config_ref_uri);
    const uri = str(claims.ci_config_ref_uri) ?? '';
    if (!file || !new RegExp(`/${escapeRegExp(project)}//${escapeRegExp(file)}@`).test(uri))
      return 'ci_config_ref_uri';
    if (env !== undefined && claims.environment !== env) return 'environment';
    return undefined;
  }
  for (const key of ['org-id', 'project-id', 'pipeline-definition-id', 'vcs-origin']) {
    const claim = `oidc.circleci.com/${key}`;
    if (!str(want[claim]) || claims[claim] !== want[claim]) return claim;
  }
  const contexts = want['oidc.circleci.com/context-ids'];
  if (Array.isArray(contexts) && contexts.length) {
    const have = claims['oidc.circleci.com/context-ids'];
    if (!Array.isArray(have) || !contexts.every((c) => have.includes(c)))
      return 'oidc.circleci.com/context-ids';
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
