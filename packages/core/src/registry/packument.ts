import type { CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';
import { parseJson, registryMessageOf, registryRequest } from './http.js';
import { packumentUrl } from './package-url.js';

/** What a packument says about one version (only the fields trustpub reads). */
export interface PublishedVersion {
  version: string;
  integrity: string | undefined;
  tarball: string | undefined;
  deprecated: boolean;
  attestationsUrl: string | undefined;
  predicateType: string | undefined;
}

export interface Packument {
  versions: ReadonlyMap<string, PublishedVersion>;
  distTags: Readonly<Record<string, string>>;
}

/**
 * What one packument read found: the packument (200), nothing (404), or another answer for the caller
 * to judge (401/403: a restricted package read without a token that may see it; 5xx: trouble).
 */
export type PackumentRead =
  | { kind: 'found'; packument: Packument }
  | { kind: 'not-found' }
  | { kind: 'other'; status: number; text: string };

export interface ReadPackumentOptions {
  /** Authenticates the read (restricted packages are invisible without it). */
  token?: string | undefined;
  /** Asks for the abbreviated document (`application/vnd.npm.install-v1+json`): smaller, same fields read. */
  abbreviated?: boolean;
}

/**
 * The one packument read: `GET <registry>/<esc>?write=true` (the registry's current state, see
 * docs/protocol.md, reading packuments), parsed into the fields trustpub reads. Only "no answer" and a
 * 200 that is not a packument (`REGISTRY_MALFORMED_RESPONSE`) throw.
 */
export async function readPackument(
  name: string,
  registry: string,
  options: ReadPackumentOptions,
  ctx: CoreContext,
): Promise<PackumentRead> {
  const res = await registryRequest(
    {
      method: 'GET',
      url: packumentUrl(name, registry),
      token: options.token,
      kind: 'packument',
      ...(options.abbreviated
        ? {
            headers: {
              accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8',
            },
          }
        : {}),
      purpose: `the packument request for ${name}`,
    },
    ctx,
  );
  if (res.status === 200) return { kind: 'found', packument: parsePackument(res.text, name) };
  if (res.status === 404) return { kind: 'not-found' };
  return { kind: 'other', status: res.status, text: res.text };
}

/**
 * The package's versions, or undefined when the registry answers 404 (npm treats that as "no
 * versions"); any other answer but 200 is `REGISTRY_HTTP_ERROR`. With `token` the read is authenticated.
 */
export async function fetchPackument(
  name: string,
  registry: string,
  token: string | undefined,
  ctx: CoreContext,
): Promise<Packument | undefined> {
  const read = await readPackument(name, registry, { token }, ctx);
  if (read.kind === 'found') return read.packument;
  if (read.kind === 'not-found') return undefined;
  const status = read.status;
  const registryMessage = registryMessageOf(read.text, ctx);
  throw new TrustpubError(
    'REGISTRY_HTTP_ERROR',
    `Reading ${name} from ${registry} failed with HTTP ${status}${registryMessage ? `: ${registryMessage}` : ''}.`,
    {
      hint:
        status >= 500 ? FIXES.REGISTRY_HTTP_ERROR.serverError : FIXES.REGISTRY_HTTP_ERROR.refused,
      httpStatus: status,
      packageName: name,
      ...(registryMessage ? { registryMessage } : {}),
    },
  );
}

/**
 * A packument's text (full or abbreviated `application/vnd.npm.install-v1+json`) as the fields trustpub
 * reads; `REGISTRY_MALFORMED_RESPONSE` when there is no "versions" object.
 */
export function parsePackument(text: string, name: string): Packument {
  const parsed = parseJson(text);
  const doc =
    parsed.ok && typeof parsed.value === 'object' && parsed.value !== null
      ? (parsed.value as Record<string, unknown>)
      : undefined;
  const versions =
    doc && typeof doc.versions === 'object' && doc.versions !== null
      ? (doc.versions as Record<string, unknown>)
      : undefined;
  if (!versions) {
    throw new TrustpubError(
      'REGISTRY_MALFORMED_RESPONSE',
      `The registry's answer for ${name} is not a packument (no "versions" object).`,
      {
        hint: FIXES.REGISTRY_MALFORMED_RESPONSE,
        packageName: name,
      },
    );
  }
  const out = new Map<string, PublishedVersion>();
  for (const [version, raw] of Object.entries(versions)) {
    const m = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const dist = (typeof m.dist === 'object' && m.dist !== null ? m.dist : {}) as Record<
      string,
      unknown
    >;
    const att = (
      typeof dist.attestations === 'object' && dist.attestations !== null ? dist.attestations : {}
    ) as Record<string, unknown>;
    const prov = (
      typeof att.provenance === 'object' && att.provenance !== null ? att.provenance : {}
    ) as Record<string, unknown>;
    out.set(version, {
      version,
      integrity: str(dist.integrity),
      tarball: str(dist.tarball),
      deprecated: typeof m.deprecated === 'string' && m.deprecated !== '',
      attestationsUrl: str(att.url),
      predicateType: str(prov.predicateType),
    });
  }
  const tags =
    typeof doc?.['dist-tags'] === 'object' && doc['dist-tags'] !== null
      ? (doc['dist-tags'] as Record<string, string>)
      : {};
  return { versions: out, distTags: tags };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
