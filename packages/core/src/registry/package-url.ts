import npa from 'npm-package-arg';

/**
 * The package name as npm puts it in URL paths (npm-package-arg's `escapedName`): the scope's slash
 * becomes `%2f`, `@` stays (`@a/b` -> `@a%2fb`). A name npm-package-arg refuses is escaped the same way
 * and sent as it is: the registry's answer to it is the error the user sees (as npm's would be).
 */
export function escapePackageName(name: string): string {
  // A pure function of the name, asked several times per package (read, upload, verification):
  // npm-package-arg parses a whole spec each time, so each name is escaped once per process.
  let escaped = escapedNames.get(name);
  if (escaped === undefined) {
    escaped = escapeOnce(name);
    escapedNames.set(name, escaped);
  }
  return escaped;
}

const escapedNames = new Map<string, string>();

function escapeOnce(name: string): string {
  try {
    const escaped = npa.resolve(name, '*').escapedName;
    if (escaped) return escaped;
  } catch {
    // an invalid name: escaped below like a valid one
  }
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
