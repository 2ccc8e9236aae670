import type { TrustConfigBody } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERMISSIONS = new Set(['createPackage', 'createStagedPackage']);
const hasFile = (v: unknown): boolean =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as { file?: unknown }).file === 'string' &&
  /^[^/\\]+\.ya?ml$/.test((v as { file: string }).file);

/**
 * Checks one trusted-publisher configuration as `npm trust <provider>` sends it (docs/protocol.md, trust API) and
 * returns what is wrong with it, or undefined when it is valid.
 */
export function trustBodyProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return 'each configuration must be an object';
  const { type, claims, permissions } = body as Partial<TrustConfigBody>;
  if (
    permissions !== undefined &&
    (!Array.isArray(permissions) || permissions.some((p) => !PERMISSIONS.has(p)))
  ) {
    return 'permissions must be a list of "createPackage" and "createStagedPackage"';
  }
  if (!claims || typeof claims !== 'object') return 'claims must be an object';
  const env = claims.environment;
  if (env !== undefined && (typeof env !== 'string' || !env))
    return 'claims.environment must be a non-empty string';
  if (type === 'github') {
    if (typeof claims.repository !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(claims.repository))
      return 'claims.repository must be "owner/repository"';
    if (!hasFile(claims.workflow_ref))
      return 'claims.workflow_ref must be {"file": "<workflow>.yml"}';
    return undefined;
  }
  if (type === 'gitlab') {
    if (
      typeof claims.project_path !== 'string' ||
      !/^[^/\s]+(\/[^/\s]+)+$/.test(claims.project_path)
    ) {
      return 'claims.project_path must be "group/project"';
    }
    if (!hasFile(claims.ci_config_ref_uri))
      return 'claims.ci_config_ref_uri must be {"file": "<file>.yml"}';
    return undefined;
  }
  if (type === 'circleci') {
    for (const key of ['org-id', 'project-id', 'pipeline-definition-id']) {
      const v = claims[`oidc.circleci.com/${key}`];
      if (typeof v !== 'string' || !UUID.test(v))
        return `claims["oidc.circleci.com/${key}"] must be a UUID`;
    }
    const origin = claims['oidc.circleci.com/vcs-origin'];
    if (typeof origin !== 'string' || !/^[^/:\s]+\/[^/\s]+\/[^/\s]+$/.test(origin)) {
      return 'claims["oidc.circleci.com/vcs-origin"] must be "provider/owner/repo"';
    }
    return undefined;
  }
  return 'type must be one of github, gitlab, circleci';
}
