import { isTrustpubError } from '../errors/index.js';
import type { TrustClient } from './client.js';
import { sameTrustConfig } from './compare.js';
import type { TrustConfig, TrustRequest } from './types.js';

/**
 * What `trust sync` will do for one package: `keep` (already right), `create` (nothing there),
 * `replace` (a different one there and --replace given), `conflict` (a different one there, left
 * alone), `bootstrap` (package not on the registry; a placeholder is published first) or `missing`
 * (not on the registry and no --bootstrap).
 */
export type TrustPlanAction = 'keep' | 'create' | 'replace' | 'conflict' | 'bootstrap' | 'missing';

export interface TrustPlanEntry {
  name: string;
  action: TrustPlanAction;
  desired: TrustRequest;
  /** What the registry has now. */
  existing: TrustConfig[];
  /** The package directory, for bootstrap. */
  dir?: string;
}

export interface TrustPlanOptions {
  replace?: boolean;
  bootstrap?: boolean;
}

/** Reads every package's configurations (one paced GET each) and decides what to do; writes nothing. */
export async function planTrust(
  targets: ReadonlyArray<{ request: TrustRequest; dir?: string }>,
  client: TrustClient,
  options: TrustPlanOptions = {},
): Promise<TrustPlanEntry[]> {
  const plan: TrustPlanEntry[] = [];
  for (const { request, dir } of targets) {
    const base = { name: request.packageName, desired: request, ...(dir ? { dir } : {}) };
    let existing: TrustConfig[];
    try {
      existing = await client.list(request.packageName);
    } catch (error) {
      if (isTrustpubError(error) && error.code === 'TRUST_NOT_FOUND') {
        plan.push({ ...base, existing: [], action: options.bootstrap ? 'bootstrap' : 'missing' });
        continue;
      }
      throw error;
    }
    let action: TrustPlanAction;
    if (existing.some((c) => sameTrustConfig(c, request.body))) action = 'keep';
    else if (existing.length === 0) action = 'create';
    else action = options.replace ? 'replace' : 'conflict';
    plan.push({ ...base, existing, action });
  }
  return plan;
}
