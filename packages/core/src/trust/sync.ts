import { isTrustpubError, type TrustpubError } from '../errors/index.js';
import type { TrustClient } from './client.js';
import type { TrustPlanEntry } from './plan.js';
import type { TrustConfig } from './types.js';

/** What happened to one package when the plan was applied. */
export type TrustSyncStatus =
  | 'unchanged'
  | 'created'
  | 'replaced'
  | 'bootstrapped'
  | 'conflict'
  | 'missing'
  | 'failed'
  | 'not-run';

export interface TrustSyncResult {
  name: string;
  action: TrustPlanEntry['action'];
  status: TrustSyncStatus;
  /** The configuration the registry now holds (created ones). */
  config?: TrustConfig;
  error?: TrustpubError;
  /** For bootstrap: the placeholder version published. */
  bootstrapVersion?: string;
}

export interface ApplyTrustOptions {
  /** Publishes the placeholder of a package that does not exist yet; returns the version published. */
  bootstrap?: (entry: TrustPlanEntry) => Promise<string>;
  /** Called after every package, for progress output. */
  onResult?: (result: TrustSyncResult) => void;
}

/**
 * Failures that would fail the same way for every later package (2FA, rate limit, network, a bad
 * token): the run stops there and the rest is reported as not run, so a re-run picks it up.
 */
const STOPS_THE_RUN = new Set([
  'TRUST_OTP_REQUIRED',
  'TRUST_OTP_INVALID',
  'TRUST_RATE_LIMITED',
  'TRUST_NETWORK',
]);

function stopsRun(error: TrustpubError): boolean {
  return (
    STOPS_THE_RUN.has(error.code) ||
    (error.code === 'TRUST_AUTH_REJECTED' && error.httpStatus === 401)
  );
}

/**
 * Applies a plan one package at a time. Replacing is revoke-then-create, so an interruption between
 * the two leaves the package without configuration and the next run's plan says `create`.
 * Never throws a TrustpubError: every package gets a result.
 */
export async function applyTrustPlan(
  plan: readonly TrustPlanEntry[],
  client: TrustClient,
  options: ApplyTrustOptions = {},
): Promise<TrustSyncResult[]> {
  const results: TrustSyncResult[] = [];
  let stopped = false;
  for (const entry of plan) {
    const base = { name: entry.name, action: entry.action };
    let result: TrustSyncResult;
    if (stopped) result = { ...base, status: 'not-run' };
    else {
      try {
        result = await applyOne(entry, client, options);
      } catch (error) {
        if (!isTrustpubError(error)) throw error;
        result = { ...base, status: 'failed', error };
        if (stopsRun(error)) stopped = true;
      }
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

async function applyOne(
  entry: TrustPlanEntry,
  client: TrustClient,
  options: ApplyTrustOptions,
): Promise<TrustSyncResult> {
  const base = { name: entry.name, action: entry.action };
  switch (entry.action) {
    case 'keep':
      return { ...base, status: 'unchanged' };
    case 'conflict':
      return { ...base, status: 'conflict' };
    case 'missing':
      return { ...base, status: 'missing' };
    case 'create': {
      const [config] = await client.create(entry.name, entry.desired.body);
      return { ...base, status: 'created', ...(config ? { config } : {}) };
    }
    case 'replace': {
      for (const old of entry.existing) await client.revoke(entry.name, old.id);
      const [config] = await client.create(entry.name, entry.desired.body);
      return { ...base, status: 'replaced', ...(config ? { config } : {}) };
    }
    case 'bootstrap': {
      if (!options.bootstrap) return { ...base, status: 'missing' };
      const version = await options.bootstrap(entry);
      const [config] = await client.create(entry.name, entry.desired.body);
      return {
        ...base,
        status: 'bootstrapped',
        bootstrapVersion: version,
        ...(config ? { config } : {}),
      };
    }
  }
}
