const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

/** `^1.2.3`, `~1.2.3`, `>=1.2.3` and exact versions: the forms a release tool may move to a new version. */
const SIMPLE_RANGE = /^(\^|~|>=|=)?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * The range `spec` after the package it points at moved to `version`. `workspace:*`, `workspace:^`
 * and `workspace:~` stay as written (they are resolved at publish time, as pnpm does), a
 * `workspace:` prefix is kept on explicit ranges, and only simple ranges are moved; anything else
 * (`1.x`, `file:`, `npm:` aliases) is left for the publish to check.
 */
export function bumpRange(spec: string, version: string): string {
  const workspace = spec.startsWith('workspace:');
  const range = workspace ? spec.slice('workspace:'.length) : spec;
  const match = SIMPLE_RANGE.exec(range);
  if (!match) return spec;
  return `${workspace ? 'workspace:' : ''}${match[1] ?? ''}${version}`;
}

/**
 * Moves, in place, every dependency range of `manifest` that points at one of `released` (name to
 * new version). Returns whether anything changed. Works on package.json objects and on the
 * `packages` entries of package-lock.json, which mirror them.
 */
export function bumpDependencyRanges(
  manifest: Record<string, unknown>,
  released: ReadonlyMap<string, string>,
): boolean {
  let changed = false;
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (!deps || typeof deps !== 'object') continue;
    const record = deps as Record<string, unknown>;
    for (const [name, spec] of Object.entries(record)) {
      const version = released.get(name);
      if (version === undefined || typeof spec !== 'string') continue;
      const next = bumpRange(spec, version);
      if (next !== spec) {
        record[name] = next;
        changed = true;
      }
    }
  }
  return changed;
}
