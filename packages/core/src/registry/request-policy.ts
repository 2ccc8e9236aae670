import type { CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';

/** What a request is for: each kind has its own time limit (TRUSTPUB_TIMEOUT_<KIND>, in seconds). */
export type RequestKind =
  | 'id-token'
  | 'exchange'
  | 'packument'
  | 'visibility'
  | 'upload'
  | 'verify'
  | 'dist-tag'
  | 'trust'
  | 'other';

/**
 * Seconds to wait for an answer's headers (and between body chunks). The CI's ID-token endpoint and
 * the exchange answer in well under a second when they work, so waiting minutes only hides an outage;
 * an upload gets its base plus time for its size.
 */
export const DEFAULT_TIMEOUT_SECONDS: Readonly<Record<RequestKind, number>> = {
  'id-token': 10,
  exchange: 15,
  packument: 30,
  visibility: 10,
  upload: 60,
  verify: 30,
  'dist-tag': 30,
  trust: 30,
  other: 30,
};

/** Bytes an upload may take one extra second for (a slow 256 KB/s link still finishes). */
const UPLOAD_BYTES_PER_SECOND = 256 * 1024;

/** The time limit for a request of `kind` (ms); `bytes` scales an upload's. */
export function timeoutFor(kind: RequestKind, ctx: CoreContext, bytes = 0): number {
  const name = `TRUSTPUB_TIMEOUT_${kind.toUpperCase().replace('-', '_')}`;
  const seconds = numberFromEnv(ctx, name, DEFAULT_TIMEOUT_SECONDS[kind], false);
  const extra = kind === 'upload' ? Math.ceil(bytes / UPLOAD_BYTES_PER_SECOND) : 0;
  return Math.round((seconds + extra) * 1000);
}

/** Extra attempts after the first (TRUSTPUB_RETRIES, default 2) and the first backoff delay in ms. */
export function retrySettings(ctx: CoreContext): { retries: number; minDelayMs?: number } {
  const retries = numberFromEnv(ctx, 'TRUSTPUB_RETRIES', 2, true);
  const delay = ctx.env.TRUSTPUB_RETRY_DELAY_MS;
  return delay === undefined || delay === ''
    ? { retries }
    : { retries, minDelayMs: numberFromEnv(ctx, 'TRUSTPUB_RETRY_DELAY_MS', 1000, true) };
}

function numberFromEnv(ctx: CoreContext, name: string, fallback: number, integer: boolean): number {
  const raw = ctx.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)) || (!integer && n === 0)) {
    throw new TrustpubError(
      'CONFIG_INVALID_OPTION',
      `${name} is "${raw}", which is not a ${integer ? 'whole number (0 or more)' : 'positive number of seconds'}.`,
      {
        hint: integer
          ? FIXES.CONFIG_INVALID_OPTION.wholeNumber({ name })
          : FIXES.CONFIG_INVALID_OPTION.seconds({ name }),
      },
    );
  }
  return n;
}
