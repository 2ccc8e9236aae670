import type { CoreContext } from '../kernel/index.js';
import { TrustpubError } from '../errors/index.js';
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
 * `GET <registry>/<esc>`: the package's versions, or undefined when the registry answers 404 (npm
 * treats that as "no versions"). With `token` the read is authenticated (restricted packages).
 */
export async function fetchPackument(
  name: string,
  registry: string,
  token: string | undefined,
  ctx: CoreContext,
): Promise<Packument | undefined> {
  const res = await registryRequest(
    {
      method: 'GET',
      url: packumentUrl(name, registry),
      token,
      kind: 'packument',
      purpose: `the packument request for ${name}`,
    },
    ctx,
  );
  if (res.status === 404) return undefined;
  if (res.status !== 200) {
    const registryMessage = registryMessageOf(res.text, ctx);
    throw new TrustpubError(
      'REGISTRY_HTTP_ERROR',
      `Reading ${name} from ${registry} failed with HTTP ${res.status}${registryMessage ? `: ${registryMessage}` : ''}.`,
      {
        hint:
          res.status >= 500
            ? 'The registry had a temporary problem: retry in a few minutes.'
            : 'Check that the registry URL is right and, for restricted packages, that the token can read the package.',
        httpStatus: res.status,
        packageName: name,
        ...(registryMessage ? { registryMessage } : {}),
      },
    );
  }
  return parsePackument(res.text, name);
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
        hint: 'Check that the registry URL points at an npm registry and not at a web page or proxy.',
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
