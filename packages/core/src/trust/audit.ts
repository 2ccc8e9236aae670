import { isTrustpubError } from '../errors/index.js';
import type { TrustClient } from './client.js';
import { sameTrustConfig } from './compare.js';
import type { PublishingAccessClient, TokenPublishing } from './publishing-access.js';
import type { TrustConfig, TrustRequest } from './types.js';

/** What the audit found for one package (and what `fix` changed). */
export interface TrustAuditEntry {
  name: string;
  /**
   * `matches` / `differs`: compared with the desired trusted publisher; `present`: one is configured (no
   * desired one given); `none`: no trusted publisher; `not-on-registry`: the package does not exist.
   */
  publisher: 'matches' | 'differs' | 'present' | 'none' | 'not-on-registry';
  existing: TrustConfig[];
  desired?: TrustRequest;
  tokenPublishing: TokenPublishing;
  /** `fix` set "require 2FA and disallow tokens" for this package in this run. */
  fixed: boolean;
}

/**
 * One package at a time: its trusted publisher (against the desired one when given) and whether it still
 * accepts token publishing. With `fix`, packages that have a trusted publisher and may still be published
 * with a token get npm's "require two-factor authentication and disallow tokens" (`mfa=publish`); a
 * package already set is left alone, so a second run changes nothing.
 */
export async function auditTrust(
  targets: ReadonlyArray<{ name: string; desired?: TrustRequest }>,
  clients: { trust: TrustClient; access: PublishingAccessClient },
  options: { fix?: boolean; onEntry?: (entry: TrustAuditEntry) => void } = {},
): Promise<TrustAuditEntry[]> {
  const out: TrustAuditEntry[] = [];
  for (const { name, desired } of targets) {
    let existing: TrustConfig[];
    try {
      existing = await clients.trust.list(name);
    } catch (error) {
      if (!isTrustpubError(error) || error.code !== 'TRUST_NOT_FOUND') throw error;
      const entry: TrustAuditEntry = {
        name,
        publisher: 'not-on-registry',
        existing: [],
        ...(desired ? { desired } : {}),
        tokenPublishing: 'unknown',
        fixed: false,
      };
      out.push(entry);
      options.onEntry?.(entry);
      continue;
    }
    const publisher: TrustAuditEntry['publisher'] =
      existing.length === 0
        ? 'none'
        : !desired
          ? 'present'
          : existing.some((c) => sameTrustConfig(c, desired.body))
            ? 'matches'
            : 'differs';
    let tokenPublishing = await clients.access.tokenPublishing(name);
    let fixed = false;
    if (options.fix && existing.length > 0 && tokenPublishing !== 'disallowed') {
      await clients.access.disallowTokens(name);
      tokenPublishing = 'disallowed';
      fixed = true;
    }
    const entry: TrustAuditEntry = {
      name,
      publisher,
      existing,
      ...(desired ? { desired } : {}),
      tokenPublishing,
      fixed,
    };
    out.push(entry);
    options.onEntry?.(entry);
  }
  return out;
}
