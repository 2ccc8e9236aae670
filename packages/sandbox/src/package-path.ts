/** npm's escaping of a package name in a URL path: only the scope's slash, as `%2f` (npm-package-arg). */
export function escapeName(name: string): string {
  return name.replace('/', '%2f');
}

/**
 * Splits a registry path into a package name and what follows it. Accepts every form clients send:
 * `/@scope%2fname`, `/%40scope%2Fname`, `/@scope/name/-/name-1.0.0.tgz`, `/name`.
 * Returns undefined for the registry's own `/-/...` routes and for undecodable paths.
 */
export function packageFromPath(pathname: string): { name: string; rest: string[] } | undefined {
  const segments = pathname.split('/').slice(1);
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const [first, second] = decoded;
  if (!first || first === '-' || first.startsWith('-/')) return undefined;
  if (first.startsWith('@') && !first.includes('/')) {
    if (!second) return undefined;
    return { name: `${first}/${second}`, rest: decoded.slice(2) };
  }
  return { name: first, rest: decoded.slice(1) };
}

/** Decodes a name taken from a `/-/...` route segment (`@scope%2fname` or `%40scope%2Fname`). */
export function decodeNameSegment(segment: string): string | undefined {
  try {
    const name = decodeURIComponent(segment);
    return /^(@[^/@\s]+\/)?[^/@\s][^/\s]*$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}
