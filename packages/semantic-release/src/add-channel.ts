import path from 'node:path';
import {
  discoverWorkspace,
  isTrustpubError,
  loadNpmConfig,
  pickRegistry,
  readManifest,
  setDistTag,
} from '@trustpub/core';
import type SemanticReleaseError from '@semantic-release/error';
import { distTagForChannel } from './dist-tag-for-channel.js';
import { errorFromTrustpub } from './get-error.js';
import { fallbackTokenOf } from './publish-release.js';
import type { ReleaseContext, ReleaseResult } from './release-context.js';
import { packageUrl, releaseResult } from './release-info.js';
import type { RunState } from './run-state.js';

/**
 * semantic-release's addChannel step: points the channel's dist-tag at an already published version
 * (a prerelease promoted to `latest`, a maintenance line). The core tries an exchanged token first and
 * uses the fallback token only when the user configured `fallbackTokenEnv`; otherwise its refusal is
 * reported with what to configure.
 */
export async function addChannelRelease(
  state: RunState,
  context: ReleaseContext,
): Promise<ReleaseResult | false> {
  const { options, ctx } = state;
  const version = context.nextRelease?.version;
  if (!options.npmPublish || !version) {
    state.logger.log('Skip adding to an npm channel as npmPublish is false.');
    return false;
  }
  const tag = distTagForChannel(context.nextRelease?.channel);
  const packages = options.workspaces
    ? (await discoverWorkspace(ctx.cwd, ctx)).packages.filter((p) => !p.private)
    : [await readManifest(path.resolve(ctx.cwd, options.pkgRoot))]
        .filter((m) => m.private !== true)
        .map((m) => ({ name: m.name, manifest: m }));
  if (packages.length === 0) return false;
  const config = await loadNpmConfig(ctx.cwd, ctx);
  const fallbackToken = fallbackTokenOf(state, context);
  const errors: SemanticReleaseError[] = [];
  let url: string | undefined;
  for (const pkg of packages) {
    const registry = options.registry ?? pickRegistry(pkg.name, pkg.manifest, config);
    try {
      const result = await setDistTag(
        {
          name: pkg.name,
          version,
          tag,
          registry,
          ...(fallbackToken ? { fallbackToken } : {}),
          ...(state.idTokens ? { idTokens: state.idTokens } : {}),
        },
        ctx,
      );
      const how =
        result.auth === 'oidc'
          ? 'trusted publishing'
          : `the fallback token from ${options.fallbackTokenEnv}`;
      state.logger.log(`Added ${pkg.name}@${version} to dist-tag @${tag} on ${registry} (${how}).`);
      url ??= packageUrl(pkg.name, version, registry);
    } catch (error) {
      if (!isTrustpubError(error)) throw error;
      errors.push(errorFromTrustpub(error));
    }
  }
  if (errors.length) throw new AggregateError(errors, errors.map((e) => e.message).join('\n'));
  return releaseResult(tag, url, packages.length);
}
