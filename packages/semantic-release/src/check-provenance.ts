import {
  audienceFor,
  configValue,
  decideProvenance,
  decodeClaims,
  isTrustpubError,
  loadNpmConfig,
  type CiInfo,
  type CoreContext,
  type IdTokenCache,
  type IdTokenClaims,
  type TrustpubError,
} from '@trustpub/core';
import type { PluginOptions } from './options.js';
import type { Target } from './targets.js';

/**
 * The core's provenance decision for each package, made in verifyConditions: an explicit request
 * (`provenance: true`, `publishConfig.provenance`, npm config) that cannot be honoured here (CircleCI,
 * no Sigstore token, private repository, self-hosted runner, restricted access) fails before the tag
 * instead of at publish. Whether the package is public on the registry is left to the publish, which
 * asks the registry with the exchanged token. Returns one error per distinct problem.
 */
export async function checkProvenance(
  targets: readonly Target[],
  options: PluginOptions,
  ci: CiInfo,
  idTokens: IdTokenCache,
  ctx: CoreContext,
): Promise<TrustpubError[]> {
  const config = await loadNpmConfig(ctx.cwd, ctx);
  const npmConfig = configValue(config, 'provenance');
  const found = new Map<string, TrustpubError>();
  for (const target of targets) {
    const publishConfig = (target.manifest.publishConfig ?? {}) as Record<string, unknown>;
    const access = options.access ?? (publishConfig.access as PluginOptions['access']);
    try {
      await decideProvenance(
        {
          ci,
          requested: options.provenance,
          publishConfig: publishConfig.provenance,
          npmConfig,
          claims: await claimsFor(target.registry, idTokens),
          access,
        },
        ctx,
      );
    } catch (error) {
      if (!isTrustpubError(error)) throw error;
      if (!found.has(error.message)) found.set(error.message, error);
    }
  }
  return [...found.values()];
}

/** The npm-audience token's claims (already fetched by the diagnosis); its failures are reported there. */
async function claimsFor(
  registry: string,
  idTokens: IdTokenCache,
): Promise<IdTokenClaims | undefined> {
  try {
    return decodeClaims(await idTokens.get(audienceFor(registry)));
  } catch {
    return undefined;
  }
}
