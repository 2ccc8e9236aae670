import { SandboxError } from './sandbox-error.js';
import type { CiJobOptions, CiProvider, TrustConfigBody } from './types.js';

export type Values = Record<string, string | boolean | string[] | undefined>;

export const str = (v: Values[string]): string | undefined =>
  typeof v === 'string' ? v : undefined;

export function required(values: Values, flag: string, command: string): string {
  const v = str(values[flag]);
  if (!v)
    throw new SandboxError(
      `--${flag} is required`,
      `Run \`trustpub-sandbox ${command} --help\` for the options.`,
    );
  return v;
}

export function provider(value: string | undefined, command: string): CiProvider {
  if (value === 'github' || value === 'gitlab' || value === 'circleci') return value;
  throw new SandboxError(
    `Provider "${value ?? ''}" is unknown`,
    `Use \`trustpub-sandbox ${command} ... github|gitlab|circleci\`.`,
  );
}

/**
 * npm trust's permission flags: --allow-publish (createPackage), --allow-stage-publish (alias
 * --allow-staged-publish: createStagedPackage). Without either, publishing is allowed, as before.
 */
function permissionsOf(values: Values): string[] {
  const out: string[] = [];
  if (values['allow-publish'] === true) out.push('createPackage');
  if (values['allow-stage-publish'] === true || values['allow-staged-publish'] === true)
    out.push('createStagedPackage');
  return out.length ? out : ['createPackage'];
}

export function trustBody(type: CiProvider, values: Values): TrustConfigBody {
  const environment = str(values.environment);
  const env = environment ? { environment } : {};
  if (type === 'github') {
    return {
      type,
      claims: {
        repository: required(values, 'repo', 'trust'),
        workflow_ref: { file: required(values, 'file', 'trust') },
        ...env,
      },
      permissions: permissionsOf(values),
    };
  }
  if (type === 'gitlab') {
    return {
      type,
      claims: {
        project_path: required(values, 'project', 'trust'),
        ci_config_ref_uri: { file: required(values, 'file', 'trust') },
        ...env,
      },
      permissions: permissionsOf(values),
    };
  }
  const contexts = Array.isArray(values['context-id']) ? values['context-id'] : [];
  return {
    type,
    claims: {
      'oidc.circleci.com/org-id': required(values, 'org-id', 'trust'),
      'oidc.circleci.com/project-id': required(values, 'project-id', 'trust'),
      'oidc.circleci.com/pipeline-definition-id': required(
        values,
        'pipeline-definition-id',
        'trust',
      ),
      'oidc.circleci.com/vcs-origin': required(values, 'vcs-origin', 'trust'),
      ...(contexts.length ? { 'oidc.circleci.com/context-ids': contexts } : {}),
    },
    permissions: permissionsOf(values),
  };
}

export function jobOptions(p: CiProvider, values: Values): CiJobOptions {
  const optional = (flag: string, key = flag): Record<string, string> => {
    const v = str(values[flag]);
    return v === undefined ? {} : { [key]: v };
  };
  if (p === 'github') {
    return {
      repo: required(values, 'repo', 'env'),
      workflow: required(values, 'workflow', 'env'),
      ...optional('environment'),
      ...optional('ref'),
      ...optional('visibility'),
      ...optional('runner'),
    };
  }
  if (p === 'gitlab') {
    return {
      project: required(values, 'project', 'env'),
      ...optional('file'),
      ...optional('environment'),
      ...optional('ref'),
      ...optional('visibility'),
      ...optional('runner'),
    };
  }
  const contexts = Array.isArray(values['context-id']) ? values['context-id'] : [];
  return {
    orgId: required(values, 'org-id', 'env'),
    projectId: required(values, 'project-id', 'env'),
    pipelineDefinitionId: required(values, 'pipeline-definition-id', 'env'),
    vcsOrigin: required(values, 'vcs-origin', 'env'),
    ...(contexts.length ? { contextIds: contexts } : {}),
  };
}
