import type { CoreContext } from '../kernel/index.js';
import { TrustpubError, isTrustpubError, FIXES } from '../errors/index.js';
import { requestGithubIdToken } from '../oidc/index.js';
import { INTOTO_PAYLOAD_TYPE } from './statement.js';

export const PUBLIC_GOOD_FULCIO_URL = 'https://fulcio.sigstore.dev';
export const PUBLIC_GOOD_REKOR_URL = 'https://rekor.sigstore.dev';

/** A signed provenance bundle, ready to attach as `<name>-<version>.sigstore`. */
export interface SignedProvenance {
  /** The bundle serialised as npm attaches it (`data` of the attachment, raw JSON, not base64). */
  json: string;
  bundle: Readonly<Record<string, unknown>>;
  /** The bundle's media type; the attachment's `content_type`. */
  mediaType: string;
  predicateType: string;
  rekorLogIndex?: string;
  /** search.sigstore.dev for the public-good log, the local Rekor's entry URL otherwise. */
  transparencyLogUrl?: string;
}

export interface SignProvenanceOptions {
  /** A `sigstore`-audience identity token, or a function that gets one (the orchestrator's `IdTokenCache`). */
  identityToken?: string | (() => Promise<string>);
}

/**
 * The `sigstore`-audience identity token as npm's signer finds one: `SIGSTORE_ID_TOKEN` (GitLab's
 * `id_tokens:`), else GitHub's ID-token request flow with audience `sigstore`.
 */
export async function sigstoreIdentityToken(ctx: CoreContext): Promise<string> {
  const fromEnv = ctx.env.SIGSTORE_ID_TOKEN?.trim();
  if (fromEnv) {
    ctx.secrets.add(fromEnv);
    return fromEnv;
  }
  if (ctx.env.ACTIONS_ID_TOKEN_REQUEST_URL) return requestGithubIdToken('sigstore', ctx);
  throw new TrustpubError(
    'PROVENANCE_NO_SIGSTORE_TOKEN',
    'No "sigstore" identity token is available to sign provenance: SIGSTORE_ID_TOKEN is not set and this is not a GitHub job with `id-token: write`.',
    {
      hint: FIXES.PROVENANCE_NO_SIGSTORE_TOKEN.signing,
    },
  );
}

/**
 * Signs the statement the way npm does (`sigstore.attest`, DSSE, Rekor entry kind `dsse`, bundle v0.3), with
 * Fulcio and Rekor from `TRUSTPUB_FULCIO_URL` / `TRUSTPUB_REKOR_URL` (public-good when unset). The signing
 * library does its own HTTP (make-fetch-happen), so `ctx.dispatcher` does not carry these requests.
 */
export async function signProvenance(
  statement: object,
  options: SignProvenanceOptions,
  ctx: CoreContext,
): Promise<SignedProvenance> {
  const fulcioURL = ctx.env.TRUSTPUB_FULCIO_URL || PUBLIC_GOOD_FULCIO_URL;
  const rekorURL = ctx.env.TRUSTPUB_REKOR_URL || PUBLIC_GOOD_REKOR_URL;
  const source = options.identityToken;
  const getToken = async (): Promise<string> => {
    const token =
      typeof source === 'string'
        ? source
        : source
          ? await source()
          : await sigstoreIdentityToken(ctx);
    ctx.secrets.add(token);
    return token;
  };
  let bundle: Readonly<Record<string, unknown>>;
  try {
    const payload = Buffer.from(JSON.stringify(statement));
    // Loaded here, not at import: sigstore costs ~0.2 s of start-up that unsigned releases never need.
    const { attest } = await import('sigstore');
    bundle = await attest(payload, INTOTO_PAYLOAD_TYPE, {
      fulcioURL,
      rekorURL,
      identityProvider: { getToken },
    });
  } catch (e) {
    if (isTrustpubError(e)) throw e;
    const code = (e as { code?: unknown }).code;
    const message = ctx.secrets.redact(e instanceof Error ? e.message : String(e));
    // No `cause`: the library's error objects can hold request details; the redacted text is enough.
    throw new TrustpubError(
      'PROVENANCE_SIGNING_FAILED',
      `Signing the provenance statement failed${typeof code === 'string' ? ` (${code})` : ''}: ${message}. Fulcio: ${fulcioURL}, Rekor: ${rekorURL}.`,
      {
        hint: FIXES.PROVENANCE_SIGNING_FAILED,
        details: {
          fulcioURL,
          rekorURL,
          ...(typeof code === 'string' ? { sigstoreCode: code } : {}),
        },
      },
    );
  }
  const json = JSON.stringify(bundle);
  const tlog = (
    bundle.verificationMaterial as { tlogEntries?: { logIndex?: string }[] } | undefined
  )?.tlogEntries?.[0];
  const logIndex = tlog?.logIndex;
  const predicateType = String((statement as { predicateType?: unknown }).predicateType);
  return {
    json,
    bundle,
    mediaType: String(bundle.mediaType),
    predicateType,
    ...(logIndex === undefined
      ? {}
      : {
          rekorLogIndex: logIndex,
          transparencyLogUrl:
            rekorURL === PUBLIC_GOOD_REKOR_URL
              ? `https://search.sigstore.dev/?logIndex=${logIndex}`
              : `${rekorURL.replace(/\/$/, '')}/api/v1/log/entries?logIndex=${logIndex}`,
        }),
  };
}
