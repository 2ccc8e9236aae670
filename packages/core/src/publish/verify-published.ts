import { createHash } from 'node:crypto';
import type { CoreContext, ProvenanceInfo } from '../kernel/index.js';
import { TrustpubError, isTrustpubError, FIXES } from '../errors/index.js';
import {
  parseJson,
  registryRequest,
  fetchPackument,
  type Packument,
  type PublishedVersion,
} from '../registry/index.js';
import { verifyProvenanceBundle } from '../provenance/index.js';

export interface VerifyPublishedInput {
  name: string;
  version: string;
  registry: string;
  /** The integrity we uploaded; when absent the tarball is downloaded and hashed. */
  integrity?: string | undefined;
  /** `true` requires an attestation; `false`/absent checks one only if the registry lists it. */
  provenance?: boolean | undefined;
  /** For the bundle's identity check (`owner/repo`, `.github/workflows/x.yml`). */
  repository?: string | undefined;
  workflowPath?: string | undefined;
  /**
   * For reads the registry refuses without one (restricted packages). The packument is read without it
   * first unless `restricted`, so a publish token is not sent where it is not needed.
   */
  token?: string | undefined;
  /** The package is known to be restricted: read with the token straight away. */
  restricted?: boolean | undefined;
}

export interface VerifiedVersion {
  name: string;
  version: string;
  integrity: string;
  tarballUrl: string | undefined;
  provenance?: ProvenanceInfo;
}

/**
 * The packument as anyone may read it, or with the token when that does not show the version (a
 * restricted package is a 404 without one on npmjs) or when the package is known to be restricted.
 */
async function readPublished(
  input: VerifyPublishedInput,
  ctx: CoreContext,
): Promise<Packument | undefined> {
  if (!input.token || input.restricted)
    return fetchPackument(input.name, input.registry, input.token, ctx);
  try {
    const open = await fetchPackument(input.name, input.registry, undefined, ctx);
    if (open?.versions.has(input.version)) return open;
  } catch (error) {
    if (!isTrustpubError(error) || (error.httpStatus !== 401 && error.httpStatus !== 403))
      throw error;
  }
  return fetchPackument(input.name, input.registry, input.token, ctx);
}

/**
 * Checks a published version: it is listed, its stored integrity equals ours (or the served tarball's),
 * and when provenance is expected or listed, the attestation is served and its bundle verifies.
 */
export async function verifyPublished(
  input: VerifyPublishedInput,
  ctx: CoreContext,
): Promise<VerifiedVersion> {
  const { name, version } = input;
  const packument = await readPublished(input, ctx);
  const published = packument?.versions.get(version);
  if (!published?.integrity) {
    throw new TrustpubError(
      'VERIFY_VERSION_NOT_FOUND',
      `${name}@${version} is not listed by ${input.registry}${published ? ' with an integrity' : ''}.`,
      {
        hint: FIXES.VERIFY_VERSION_NOT_FOUND,
        packageName: name,
      },
    );
  }
  const expected = input.integrity ?? (await servedIntegrity(published, input, ctx));
  if (expected !== published.integrity) {
    throw new TrustpubError(
      'VERIFY_INTEGRITY_MISMATCH',
      `${name}@${version} on ${input.registry} has integrity ${published.integrity}, but ${input.integrity ? 'the tarball trustpub uploaded' : 'the tarball it serves'} has ${expected}.`,
      {
        hint: FIXES.VERIFY_INTEGRITY_MISMATCH,
        packageName: name,
        details: { stored: published.integrity, expected },
      },
    );
  }
  const result: VerifiedVersion = {
    name,
    version,
    integrity: published.integrity,
    tarballUrl: published.tarball,
  };
  if (!published.attestationsUrl) {
    if (input.provenance === true) {
      throw new TrustpubError(
        'VERIFY_ATTESTATION_MISSING',
        `${name}@${version} was expected to carry provenance, but ${input.registry} lists no attestation for it.`,
        {
          hint: FIXES.VERIFY_ATTESTATION_MISSING.notListed,
          packageName: name,
          details: { attestationListed: false },
        },
      );
    }
    return result;
  }
  const bundle = await fetchProvenanceBundle(published, input, ctx);
  try {
    await verifyProvenanceBundle(
      bundle as object,
      {
        name,
        version,
        tarballSha512Hex: Buffer.from(
          published.integrity.replace(/^sha512-/, ''),
          'base64',
        ).toString('hex'),
        ...(input.repository ? { repository: input.repository } : {}),
        ...(input.workflowPath ? { workflowPath: input.workflowPath } : {}),
      },
      ctx,
    );
  } catch (error) {
    if (isTrustpubError(error)) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new TrustpubError(
      'VERIFY_PROVENANCE_INVALID',
      `The provenance attestation of ${name}@${version} could not be verified: ${ctx.secrets.redact(why)}`,
      {
        hint: FIXES.VERIFY_PROVENANCE_INVALID.unverifiable,
        packageName: name,
      },
    );
  }
  const logIndex = rekorLogIndex(bundle);
  result.provenance = {
    attestationsUrl: published.attestationsUrl,
    predicateType: published.predicateType ?? 'https://slsa.dev/provenance/v1',
    ...(logIndex ? { rekorLogIndex: logIndex } : {}),
    // search.sigstore.dev only knows the public-good log.
    ...(logIndex && !ctx.env.TRUSTPUB_REKOR_URL
      ? { transparencyLogUrl: `https://search.sigstore.dev/?logIndex=${logIndex}` }
      : {}),
  };
  return result;
}

async function servedIntegrity(
  published: PublishedVersion,
  input: VerifyPublishedInput,
  ctx: CoreContext,
): Promise<string> {
  if (!published.tarball) return `(no tarball URL)`;
  const res = await registryRequest(
    {
      method: 'GET',
      url: published.tarball,
      token: input.token,
      headers: { accept: '*/*' },
      purpose: `the tarball download of ${input.name}@${input.version}`,
    },
    ctx,
  );
  if (res.status !== 200) {
    throw new TrustpubError(
      'REGISTRY_HTTP_ERROR',
      `Downloading ${published.tarball} failed with HTTP ${res.status}.`,
      {
        hint:
          res.status >= 500
            ? FIXES.REGISTRY_HTTP_ERROR.serverError
            : FIXES.REGISTRY_HTTP_ERROR.refused,
        httpStatus: res.status,
        packageName: input.name,
      },
    );
  }
  return `sha512-${createHash('sha512').update(res.bytes).digest('base64')}`;
}

async function fetchProvenanceBundle(
  published: PublishedVersion,
  input: VerifyPublishedInput,
  ctx: CoreContext,
): Promise<unknown> {
  const res = await registryRequest(
    {
      method: 'GET',
      url: published.attestationsUrl!,
      token: input.token,
      purpose: `the attestation request for ${input.name}@${input.version}`,
    },
    ctx,
  );
  const parsed = res.status === 200 ? parseJson(res.text) : { ok: false as const };
  const list = parsed.ok ? (parsed.value as { attestations?: unknown })?.attestations : undefined;
  const provenance = Array.isArray(list)
    ? (list as { predicateType?: unknown; bundle?: unknown }[]).find(
        (a) =>
          typeof a.predicateType === 'string' &&
          a.predicateType.startsWith('https://slsa.dev/provenance/'),
      )
    : undefined;
  if (!provenance?.bundle) {
    throw new TrustpubError(
      'VERIFY_ATTESTATION_MISSING',
      `${input.name}@${input.version} lists an attestation at ${published.attestationsUrl}, but the registry does not serve a provenance bundle there (HTTP ${res.status}).`,
      {
        hint: FIXES.VERIFY_ATTESTATION_MISSING.notServed,
        httpStatus: res.status,
        packageName: input.name,
      },
    );
  }
  return provenance.bundle;
}

function rekorLogIndex(bundle: unknown): string | undefined {
  const entries = (bundle as { verificationMaterial?: { tlogEntries?: { logIndex?: unknown }[] } })
    ?.verificationMaterial?.tlogEntries;
  const index = entries?.[0]?.logIndex;
  return typeof index === 'string' || typeof index === 'number' ? String(index) : undefined;
}
