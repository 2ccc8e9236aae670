import type { ReleaseResult } from './release-context.js';

const NPMJS_HOSTS = new Set(['registry.npmjs.org', 'registry.npmjs.com']);

/**
 * Where a person can see a published version: the npmjs.com page for the public registry (as
 * `@semantic-release/npm` links it), otherwise the package document on the registry itself.
 */
export function packageUrl(name: string, version: string, registry: string): string {
  const host = new URL(registry).hostname;
  if (NPMJS_HOSTS.has(host)) return `https://www.npmjs.com/package/${name}/v/${version}`;
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  return new URL(name.replace('/', '%2f'), base).href;
}

/** The object `publish` and `addChannel` hand back to semantic-release (its npm plugin's shape). */
export function releaseResult(
  distTag: string,
  url: string | undefined,
  packageCount = 1,
): ReleaseResult {
  const what = packageCount > 1 ? `npm packages (${packageCount})` : 'npm package';
  return { name: `${what} (@${distTag} dist-tag)`, url, channel: distTag };
}
