import type { CoreContext } from '../kernel/index.js';
import { TrustpubError, isTrustpubError, FIXES } from '../errors/index.js';
import {
  escapePackageName,
  fetchPackument,
  registryRequest,
  retrySettings,
  timeoutFor,
  type RegistryResponse,
} from '../registry/index.js';
import { npmHeaders } from './body.js';

/** What came of sending an upload: the registry's answer, or what reading the registry showed. */
export type UploadAnswer =
  | { kind: 'answer'; res: RegistryResponse }
  /** The answer was lost or an error, but the registry holds this exact tarball. */
  | { kind: 'stored' }
  /** The answer was lost or an error, and the registry holds this version with other contents. */
  | { kind: 'exists' };

export interface UploadInput {
  name: string;
  version: string;
  registry: string;
  token: string;
  body: Record<string, unknown>;
}

/**
 * Sends the PUT, never blindly twice. A 408 or 429 means the registry did not act: it is resent after
 * Retry-After (or a backoff). A 5xx or a lost answer (reset, timeout) may come after the registry stored
 * the version, so the packument is read first: this exact tarball there means published; absent means
 * resending is safe; other contents there are reported to the caller. When even that read fails, the
 * outcome is unknown and the error says so (PUBLISH_OUTCOME_UNKNOWN). A refusal of an upload sent again is
 * checked the same way: the first upload may have been stored after the read that found nothing.
 */
export async function sendUpload(input: UploadInput, ctx: CoreContext): Promise<UploadAnswer> {
  const { name, version } = input;
  const text = JSON.stringify(input.body);
  const integrity = integrityOf(input.body, version);
  const { retries, minDelayMs = 1000 } = retrySettings(ctx);
  // Set once an attempt's answer was lost (or a 5xx) and the upload was sent again.
  let resent = false;
  for (let attempt = 0; ; attempt++) {
    const more = attempt < retries;
    let res: RegistryResponse | undefined;
    let lost: TrustpubError | undefined;
    try {
      res = await registryRequest(
        {
          method: 'PUT',
          url: new URL(escapePackageName(name), input.registry),
          token: input.token,
          headers: { ...npmHeaders(ctx, 'publish'), 'content-type': 'application/json' },
          body: text,
          retry: false,
          timeoutMs: timeoutFor('upload', ctx, text.length),
          purpose: `the upload of ${name}@${version}`,
        },
        ctx,
      );
    } catch (error) {
      if (!isTrustpubError(error)) throw error;
      lost = error;
    }
    const wait = Math.min(10_000, minDelayMs * 4 ** attempt);
    if (res && (res.status === 408 || res.status === 429)) {
      if (!more) return { kind: 'answer', res };
      const after = retryAfterMs(res.headers['retry-after']);
      if (after !== undefined && after > 60_000) return { kind: 'answer', res };
      ctx.logger.debug(`${name}@${version}: upload answered ${res.status}; sending it again`);
      await ctx.sleep(after ?? wait);
      continue;
    }
    if (res && res.status < 500) {
      // A refusal of the upload sent again does not say what became of the first one: a registry that
      // lost its answer may have stored it after the read that found nothing (one restarting mid-write).
      if (resent && res.status >= 400) {
        const there = await readVersion(input, integrity, `HTTP ${res.status} after a resend`, ctx);
        if (there === 'same') {
          ctx.logger.info(
            `${name}@${version}: the upload sent again got HTTP ${res.status}, but the registry has this exact tarball (the first upload was stored): published.`,
          );
          return { kind: 'stored' };
        }
        if (there === 'different') return { kind: 'exists' };
      }
      return { kind: 'answer', res };
    }
    const why = res ? `HTTP ${res.status}` : `no answer (${errorCodeOf(lost)})`;
    const there = await readVersion(input, integrity, why, ctx);
    if (there === 'same') {
      ctx.logger.info(
        `${name}@${version}: the upload got ${why}, but the registry has this exact tarball: published.`,
      );
      return { kind: 'stored' };
    }
    if (there === 'different') return { kind: 'exists' };
    if (!more) {
      if (res) return { kind: 'answer', res };
      const error = lost as TrustpubError;
      throw new TrustpubError(
        error.code,
        `${error.message} The registry does not have ${name}@${version}: nothing was published.`,
        {
          // The lost answer is REGISTRY_NETWORK or REGISTRY_TIMEOUT (one fix for both).
          hint: `${FIXES.REGISTRY_NETWORK.uploadNotStored} ${error.hint}`,
          packageName: name,
          details: { ...error.details, published: false },
        },
      );
    }
    ctx.logger.debug(
      `${name}@${version}: upload got ${why}; the registry does not have it, sending it again`,
    );
    resent = true;
    await ctx.sleep(wait);
  }
}

/** Reads the packument after a failed upload: is this version there, with our tarball? */
async function readVersion(
  input: UploadInput,
  integrity: string | undefined,
  why: string,
  ctx: CoreContext,
): Promise<'same' | 'different' | 'absent'> {
  const { name, version } = input;
  try {
    const stored = (await fetchPackument(name, input.registry, input.token, ctx))?.versions.get(
      version,
    );
    if (!stored) return 'absent';
    return integrity === undefined || stored.integrity === integrity ? 'same' : 'different';
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    throw new TrustpubError(
      'PUBLISH_OUTCOME_UNKNOWN',
      `The upload of ${name}@${version} got ${why}, and reading ${input.registry} afterwards failed too (${error.code}), so it is unknown whether ${name}@${version} was published.`,
      {
        hint: FIXES.PUBLISH_OUTCOME_UNKNOWN,
        packageName: name,
        details: { published: 'unknown', upload: why, read: error.code },
      },
    );
  }
}

/** The integrity the body's version carries (what the registry will store). */
function integrityOf(body: Record<string, unknown>, version: string): string | undefined {
  const versions = body.versions as Record<string, { dist?: { integrity?: unknown } }> | undefined;
  const value = versions?.[version]?.dist?.integrity;
  return typeof value === 'string' ? value : undefined;
}

function retryAfterMs(header: unknown): number | undefined {
  const value: unknown = Array.isArray(header) ? (header as unknown[])[0] : header;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, Math.ceil(ms)) : undefined;
}

/** The socket-level code of a lost answer (ECONNRESET, UND_ERR_HEADERS_TIMEOUT), else trustpub's. */
function errorCodeOf(lost: TrustpubError | undefined): string {
  const code = lost?.details?.errorCode;
  return typeof code === 'string' ? code : (lost?.code ?? 'network');
}
