import path from 'node:path';
import { FIXES, TrustpubError } from '../errors/index.js';
import { inferRepository } from '../workspace/index.js';
import type { TrustConfigBody, TrustFlags, TrustPermission, TrustRequest } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Provider wording, as in npm's `lib/commands/trust/{github,gitlab}.js`. */
const PROVIDERS = {
  github: {
    entity: 'GitHub repository',
    file: 'GitHub Actions Workflow',
    entityKey: 'repository',
    fileIsPath: 'GitHub Actions workflow must be just a file not a path',
    format: 'GitHub repository must be specified in the format owner/repository',
    validEntity: (e: string) => e.split('/').length === 2,
  },
  gitlab: {
    entity: 'GitLab project',
    file: 'GitLab CI/CD Pipeline',
    entityKey: 'project',
    fileIsPath: 'GitLab CI/CD pipeline file must be just a file not a path',
    format:
      'GitLab project must be specified in the format group/project or group/subgroup/project',
    validEntity: (e: string) => e.split('/').length >= 2,
  },
} as const;

function invalid(message: string, hint: string, packageName?: string): TrustpubError {
  return new TrustpubError('TRUST_INVALID_INPUT', message, {
    hint,
    ...(packageName ? { packageName } : {}),
  });
}

/** `--allow-publish` / `--allow-stage-publish` to registry permissions, checked first as npm does. */
export function trustPermissions(
  flags: Pick<TrustFlags, 'allowPublish' | 'allowStagePublish'>,
): TrustPermission[] {
  const permissions: TrustPermission[] = [];
  if (flags.allowPublish) permissions.push('createPackage');
  if (flags.allowStagePublish) permissions.push('createStagedPackage');
  if (permissions.length === 0) {
    throw invalid(
      'At least one permission flag is required (--allow-publish, --allow-stage-publish)',
      FIXES.TRUST_INVALID_INPUT.permission,
    );
  }
  return permissions;
}

/**
 * Validates create flags and builds the request body exactly as `npm trust <provider>` does
 * (same checks, same order, same error texts, same body key order). `positional` is the package
 * name given on the command line; `manifest` is that package's package.json (or `{}`).
 */
export function resolveTrustRequest(
  flags: TrustFlags,
  manifest: Readonly<Record<string, unknown>>,
  positional?: string,
): TrustRequest {
  const permissions = trustPermissions(flags);
  const resolved =
    flags.provider === 'circleci'
      ? resolveCircleci(flags, manifest, positional)
      : resolveGit(flags, manifest, positional);
  return { ...resolved, body: { ...resolved.body, permissions } };
}

function packageNameOf(manifest: Readonly<Record<string, unknown>>, positional?: string): string {
  const name = positional || (typeof manifest.name === 'string' ? manifest.name : undefined);
  if (!name) {
    throw invalid(
      'Package name must be specified either as an argument or in package.json file',
      FIXES.TRUST_INVALID_INPUT.packageName,
    );
  }
  return name;
}

function resolveGit(
  flags: TrustFlags,
  manifest: Readonly<Record<string, unknown>>,
  positional?: string,
): TrustRequest {
  const provider = flags.provider as 'github' | 'gitlab';
  const p = PROVIDERS[provider];
  const pkgJsonName = typeof manifest.name === 'string' ? manifest.name : undefined;
  const git = inferRepository(manifest);
  const matchPkg = !positional || positional === pkgJsonName;
  const invalidType = matchPkg && git !== undefined && git.type !== provider;
  const given = provider === 'github' ? flags.repository : flags.project;
  let entity = given;
  if (!entity && !invalidType && git) entity = git.repository;
  const name = packageNameOf(manifest, positional);
  const file = flags.file;
  if (!file)
    throw invalid(
      `${p.file} must be specified with the file option`,
      FIXES.TRUST_INVALID_INPUT.fileMissing,
      name,
    );
  if (!file.endsWith('.yml') && !file.endsWith('.yaml')) {
    throw invalid(
      `${p.file} must end in .yml or .yaml`,
      FIXES.TRUST_INVALID_INPUT.fileExtension,
      name,
    );
  }
  if (file !== path.basename(file)) {
    throw invalid(
      p.fileIsPath,
      FIXES.TRUST_INVALID_INPUT.fileIsPath({ file: path.basename(file) }),
      name,
    );
  }
  const warnings: string[] = [];
  if (invalidType) {
    const message = `Repository in package.json is not a ${p.entity}`;
    if (!given)
      throw invalid(
        message,
        FIXES.TRUST_INVALID_INPUT.repositoryOtherHost({ flag: `--${p.entityKey}` }),
        name,
      );
    warnings.push(message);
  } else if (matchPkg && git && entity !== git.repository) {
    warnings.push(
      `Repository in package.json (${git.repository}) differs from provided ${p.entity} (${entity})`,
    );
  }
  if (!entity && matchPkg) {
    throw invalid(
      `${p.entity} must be specified with ${p.entityKey} option or inferred from the package.json repository field`,
      FIXES.TRUST_INVALID_INPUT.repositoryMissing({
        flag: provider === 'github' ? '--repo OWNER/REPO' : '--project GROUP/PROJECT',
      }),
      name,
    );
  }
  if (!entity) {
    throw invalid(
      `${p.entity} must be specified with ${p.entityKey} option`,
      FIXES.TRUST_INVALID_INPUT.flagMissing({ flag: `--${p.entityKey}` }),
      name,
    );
  }
  if (!p.validEntity(entity))
    throw invalid(
      p.format,
      FIXES.TRUST_INVALID_INPUT.flagFormat({ flag: `--${p.entityKey}`, value: entity }),
      name,
    );
  const env = flags.environment ? { environment: flags.environment } : {};
  const body: TrustConfigBody =
    provider === 'github'
      ? { type: 'github', claims: { repository: entity, workflow_ref: { file }, ...env } }
      : { type: 'gitlab', claims: { project_path: entity, ci_config_ref_uri: { file }, ...env } };
  return {
    packageName: name,
    body,
    values: { package: name, file, [p.entityKey]: entity, ...env },
    fromPackageJson: {
      [p.entityKey]: !given && entity !== undefined,
      package: !positional && Boolean(pkgJsonName),
    },
    warnings,
  };
}

function resolveCircleci(
  flags: TrustFlags,
  manifest: Readonly<Record<string, unknown>>,
  positional?: string,
): TrustRequest {
  const name = packageNameOf(manifest, positional);
  const required: [string, string | undefined][] = [
    ['org-id', flags.orgId],
    ['project-id', flags.projectId],
    ['pipeline-definition-id', flags.pipelineDefinitionId],
    ['vcs-origin', flags.vcsOrigin],
  ];
  for (const [field, value] of required) {
    if (!value)
      throw invalid(
        `${field} is required`,
        FIXES.TRUST_INVALID_INPUT.circleciFieldMissing({ flag: `--${field}` }),
        name,
      );
  }
  const uuids: [string, string][] = [
    ['org-id', flags.orgId!],
    ['project-id', flags.projectId!],
    ['pipeline-definition-id', flags.pipelineDefinitionId!],
    ...(flags.contextIds ?? []).map((c): [string, string] => ['context-id', c]),
  ];
  for (const [field, value] of uuids) {
    if (!UUID.test(value))
      throw invalid(
        `${field} must be a valid UUID`,
        FIXES.TRUST_INVALID_INPUT.circleciUuid({ field, value }),
        name,
      );
  }
  const origin = flags.vcsOrigin!;
  if (origin.includes('://')) {
    throw invalid(
      "vcs-origin must not include a scheme (e.g., use 'github.com/owner/repo' not 'https://github.com/owner/repo')",
      FIXES.TRUST_INVALID_INPUT.vcsOriginScheme({ origin: origin.replace(/^[a-z]+:\/\//i, '') }),
      name,
    );
  }
  if (origin.split('/').length < 3)
    throw invalid(
      "vcs-origin must be in format 'provider/owner/repo'",
      FIXES.TRUST_INVALID_INPUT.vcsOriginFormat,
      name,
    );
  const contextIds = flags.contextIds?.length ? flags.contextIds : undefined;
  const claims: Record<string, unknown> = {
    'oidc.circleci.com/org-id': flags.orgId,
    'oidc.circleci.com/project-id': flags.projectId,
    'oidc.circleci.com/pipeline-definition-id': flags.pipelineDefinitionId,
    'oidc.circleci.com/vcs-origin': origin,
  };
  if (contextIds) claims['oidc.circleci.com/context-ids'] = contextIds;
  return {
    packageName: name,
    body: { type: 'circleci', claims },
    values: {
      package: name,
      orgId: flags.orgId!,
      projectId: flags.projectId!,
      pipelineDefinitionId: flags.pipelineDefinitionId!,
      vcsOrigin: origin,
      ...(contextIds ? { contextIds } : {}),
    },
    fromPackageJson: {},
    warnings: [],
  };
}
