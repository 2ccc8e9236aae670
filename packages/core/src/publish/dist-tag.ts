import { detectCi, authenticatePackage, type PackageAuth } from '../oidc/index.js';
import type { CoreContext, IdTokenCache } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import {
  registryMessageOf,
  registryRequest,
  type RegistryResponse,
  checkTokenTransport,
  normalizeRegistry,
  escapePackageName,
} from '../registry/index.js';
import { npmHeaders } from './body.js';
import { checkTag } from './checks.js';

export interface SetDistTagInput {
  name: string;
  version: string;
  tag: string;
  registry: string;
  /** Used when the exchange is impossible or its token is refused; only when named by the user. */
  fallbackToken?: string | undefined;
  idTokens?: IdTokenCache | undefined;
}

export interface DistTagResult {
  name: string;
  version: string;
  tag: string;
  auth: 'oidc' | 'fallback-token';
}

/**
 * Points `tag` at `version` (semantic-release's addChannel): `PUT /-/package/<esc>/dist-tags/<tag>`
 * with the version as a JSON string, authenticated with a token exchanged for this package, as npm
 * 11.21+ does for `npm dist-tag add`. Whether npmjs accepts exchanged tokens here is undocumented; a
 * refusal is `DIST_TAG_OIDC_REFUSED` (or, with a fallback token, a second attempt with that token).
 */
export async function setDistTag(input: SetDistTagInput, ctx: CoreContext): Promise<DistTagResult> {
  checkTag(input.name, input.tag);
  const registry = normalizeRegistry(input.registry, 'the registry option');
  // The ID token would go there first: refuse plain http to another machine before asking for it.
  checkTokenTransport(registry, `the registry for the dist-tag of ${input.name}`);
  const auth = await authenticatePackage(
    {
      packageName: input.name,
      registry,
      ci: detectCi(ctx),
      idTokens: input.idTokens,
      fallbackToken: input.fallbackToken,
      command: 'dist-tag',
    },
    ctx,
  );
  let res = await put(input, registry, auth.token, ctx);
  let used: PackageAuth['kind'] = auth.kind;
  if (isRefusal(res) && auth.kind === 'oidc') {
    const registryMessage = registryMessageOf(res.text, ctx);
    if (!input.fallbackToken) {
      throw new TrustpubError(
        'DIST_TAG_OIDC_REFUSED',
        `The registry refused to set ${input.name}@${input.tag} -> ${input.version} with the trusted-publishing token (HTTP ${res.status}${registryMessage ? `: ${registryMessage}` : ''}).`,
        {
          hint: FIXES.DIST_TAG_OIDC_REFUSED,
          httpStatus: res.status,
          packageName: input.name,
          ...(registryMessage ? { registryMessage } : {}),
        },
      );
    }
    ctx.logger.warn(
      `${input.name}: the registry refused the trusted-publishing token for the dist-tag change (HTTP ${res.status}); using the fallback token you named.`,
    );
    res = await put(input, registry, input.fallbackToken, ctx);
    used = 'fallback-token';
  }
  if (res.status < 200 || res.status > 299) {
    const registryMessage = registryMessageOf(res.text, ctx);
    throw new TrustpubError(
      'DIST_TAG_FAILED',
      `Setting ${input.name}@${input.tag} -> ${input.version} failed with HTTP ${res.status}${registryMessage ? `: ${registryMessage}` : ''}.`,
      {
        hint:
          res.status === 404
            ? FIXES.DIST_TAG_FAILED.versionMissing({
                name: input.name,
                version: input.version,
                registry,
              })
            : FIXES.DIST_TAG_FAILED.refused,
        httpStatus: res.status,
        packageName: input.name,
        ...(registryMessage ? { registryMessage } : {}),
      },
    );
  }
  ctx.logger.info(`${input.name}: dist-tag ${input.tag} -> ${input.version}`);
  return { name: input.name, version: input.version, tag: input.tag, auth: used };
}

function isRefusal(res: RegistryResponse): boolean {
  return res.status === 401 || res.status === 403;
}

function put(
  input: SetDistTagInput,
  registry: string,
  token: string,
  ctx: CoreContext,
): Promise<RegistryResponse> {
  return registryRequest(
    {
      method: 'PUT',
      url: new URL(
        `-/package/${escapePackageName(input.name)}/dist-tags/${encodeURIComponent(input.tag)}`,
        registry,
      ),
      token,
      headers: { ...npmHeaders(ctx, 'dist-tag'), 'content-type': 'application/json' },
      body: JSON.stringify(input.version),
      // Setting a tag to the same version twice is harmless, so transient failures may be retried.
      retry: {},
      purpose: `the dist-tag change of ${input.name}`,
    },
    ctx,
  );
}
