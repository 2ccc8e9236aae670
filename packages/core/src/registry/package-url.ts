import npa from 'npm-package-arg';
import { TrustpubError } from '../errors/index.js';

/**
 * The package name as npm puts it in URL paths (npm-package-arg's `escapedName`): the scope's slash
 * becomes `%2f`, `@` stays (`@a/b` -> `@a%2fb`). A name npm could never publish is `CONFIG_INVALID_NAME`.
 */
export function escapePackageName(name: string): string {
  let escaped: string | undefined;
  try {
    escaped = npa.resolve(name, '*').escapedName;
  } catch {
    escaped = undefined;
  }
  if (!escaped) {
    throw new TrustpubError('CONFIG_INVALID_NAME', `"${name}" is not a valid package name.`, {
      hint: 'Use the name exactly as in package.json: lower-case letters, digits, "-", "." and "_" (scoped: "@scope/name").',
      packageName: name,
    });
  }
  return escaped;
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
