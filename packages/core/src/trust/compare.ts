import type { TrustConfigBody } from './types.js';

/** Key-order-free form; permission and context-id lists are sets, so their order does not count. */
function normalize(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v));
    return key === 'permissions' || key === 'oidc.circleci.com/context-ids'
      ? [...items].map(String).sort()
      : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined && v !== null) out[k] = normalize(v, k);
    }
    return out;
  }
  return value;
}

/**
 * Whether a configuration on the registry is the one we want: same type, same claims, same
 * permissions. Ids and anything else the registry adds are ignored; a missing permissions list
 * equals an empty one.
 */
export function sameTrustConfig(have: TrustConfigBody, want: TrustConfigBody): boolean {
  const pick = (c: TrustConfigBody) =>
    normalize({ type: c.type, claims: c.claims, permissions: c.permissions ?? [] });
  return JSON.stringify(pick(have)) === JSON.stringify(pick(want));
}

/** A one-line description of a configuration for plans and reports (no secrets in there). */
export function describeTrustConfig(c: TrustConfigBody): string {
  const claims = c.claims;
  const file = (k: string) =>
    ((claims[k] as { file?: unknown } | undefined)?.file as string | undefined) ?? '?';
  const env = typeof claims.environment === 'string' ? ` environment ${claims.environment}` : '';
  const perms = (c.permissions ?? []).map((p) =>
    p === 'createPackage' ? 'publish' : p === 'createStagedPackage' ? 'stage publish' : p,
  );
  const permText = perms.length ? ` [${perms.join(', ')}]` : '';
  if (c.type === 'github')
    return `github ${String(claims.repository)} ${file('workflow_ref')}${env}${permText}`;
  if (c.type === 'gitlab')
    return `gitlab ${String(claims.project_path)} ${file('ci_config_ref_uri')}${env}${permText}`;
  if (c.type === 'circleci') {
    return `circleci ${String(claims['oidc.circleci.com/vcs-origin'])} pipeline ${String(claims['oidc.circleci.com/pipeline-definition-id'])}${permText}`;
  }
  return `${c.type}${permText}`;
}
