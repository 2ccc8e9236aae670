import type { TrustConfig, TrustRequest } from '@trustpub/core';

const LABELS: Record<string, string> = {
  createPackage: 'publish',
  createStagedPackage: 'stage publish',
};

/** npm's permission labels: `createPackage` is "publish", `createStagedPackage` "stage publish". */
export function formatPermissions(permissions: readonly string[] | undefined): string | undefined {
  if (!permissions?.length) return undefined;
  return permissions.map((p) => LABELS[p] ?? p).join(', ');
}

/** npm trust's `bodyToOptions` per provider: what `list` shows of a configuration. */
export function configToValues(c: TrustConfig): Record<string, string | string[]> {
  const claims = c.claims;
  const file = (k: string) => (claims[k] as { file?: unknown } | undefined)?.file;
  const text = (v: unknown): string | string[] =>
    typeof v === 'string'
      ? v
      : Array.isArray(v)
        ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
        : JSON.stringify(v);
  const pick = (entries: [string, unknown][]) =>
    Object.fromEntries(
      entries
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => [k, text(v)]),
    );
  const head: [string, unknown][] = [
    ['id', c.id],
    ['type', c.type],
  ];
  if (c.type === 'github')
    return pick([
      ...head,
      ['file', file('workflow_ref')],
      ['repository', claims.repository],
      ['environment', claims.environment],
    ]);
  if (c.type === 'gitlab')
    return pick([
      ...head,
      ['file', file('ci_config_ref_uri')],
      ['project', claims.project_path],
      ['environment', claims.environment],
    ]);
  if (c.type === 'circleci') {
    return pick([
      ...head,
      ['orgId', claims['oidc.circleci.com/org-id']],
      ['projectId', claims['oidc.circleci.com/project-id']],
      ['pipelineDefinitionId', claims['oidc.circleci.com/pipeline-definition-id']],
      ['vcsOrigin', claims['oidc.circleci.com/vcs-origin']],
      ['contextIds', claims['oidc.circleci.com/context-ids']],
    ]);
  }
  return pick(head);
}

/** `key: value` lines as npm prints them (type and id first, then the rest, then permissions). */
export function formatValues(
  values: Record<string, string | string[] | undefined>,
  permissions?: readonly string[],
  fromPackageJson: Record<string, boolean> = {},
): string {
  const { type, id, ...rest } = values;
  const lines: string[] = [];
  if (type) lines.push(`type: ${String(type)}`);
  if (id) lines.push(`id: ${String(id)}`);
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === null) continue;
    lines.push(
      `${key}: ${Array.isArray(value) ? value.join(',') : value}${fromPackageJson[key] ? ' (from package.json)' : ''}`,
    );
  }
  const perms = formatPermissions(permissions);
  if (perms) lines.push(`permissions: ${perms}`);
  return lines.join('\n');
}

/** The provider URLs npm prints under the settings (repository, workflow file). */
export function requestUrls(request: TrustRequest): string[] {
  const v = request.values;
  if (request.body.type === 'github') {
    return [
      `https://github.com/${String(v.repository)}/blob/HEAD/.github/workflows/${String(v.file)}`,
      `https://github.com/${String(v.repository)}`,
    ];
  }
  if (request.body.type === 'gitlab') {
    return [
      `https://gitlab.com/${String(v.project)}/-/blob/HEAD/${String(v.file)}`,
      `https://gitlab.com/${String(v.project)}`,
    ];
  }
  return [`https://${String(v.vcsOrigin)}`];
}
