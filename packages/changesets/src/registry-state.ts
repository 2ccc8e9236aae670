import { registryRequest, type CoreContext } from '@trustpub/core';
import type { PublishedState } from './release-tag.js';

/**
 * The versions and dist-tags the registry holds for a package, for pre mode's only-pre rule (the
 * core's plan says whether a version exists, not which versions and tags there are). A package the
 * registry does not know, or does not show (restricted without a read token), has no published state.
 */
export async function readPublishedState(
  name: string,
  registry: string,
  ctx: CoreContext,
): Promise<PublishedState | undefined> {
  const url = new URL(name.replace('/', '%2f'), registry.endsWith('/') ? registry : `${registry}/`);
  const res = await registryRequest(
    {
      method: 'GET',
      url,
      headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
      purpose: `the packument request for ${name}`,
    },
    ctx,
  );
  if (res.status !== 200) return undefined;
  let body: { versions?: unknown; 'dist-tags'?: unknown };
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    return undefined;
  }
  const versions =
    body.versions && typeof body.versions === 'object' ? Object.keys(body.versions) : [];
  const distTags =
    body['dist-tags'] && typeof body['dist-tags'] === 'object'
      ? (body['dist-tags'] as Record<string, string>)
      : {};
  return { versions, distTags };
}
