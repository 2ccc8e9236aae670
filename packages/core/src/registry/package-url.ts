/**
 * The package name as npm puts it in URL paths: the scope's slash becomes `%2f`, `@` stays (`@a/b` ->
 * `@a%2fb`). This is npm-package-arg's `escapedName` for every name it accepts (it sets exactly this
 * replacement); a name it refuses is escaped the same way and sent as it is, so the registry's answer
 * to it is the error the user sees (as npm's would be).
 */
export function escapePackageName(name: string): string {
  return name.replace('/', '%2f');
}

/**
 * The packument URL for reads that must see the registry's current state ("is this version out?",
 * "did the upload land?"). `?write=true` is what npm adds to reads before a write: npmjs then answers
 * from its origin, where a plain read may come from its CDN, cached for minutes and not purged by a
 * publish, so a re-run or a verification right after a publish would see the old document.
 */
export function packumentUrl(name: string, registry: string): URL {
  const url = new URL(escapePackageName(name), registry.endsWith('/') ? registry : `${registry}/`);
  url.searchParams.set('write', 'true');
  return url;
}
