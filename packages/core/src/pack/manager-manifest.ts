import { DEPENDENCY_FIELDS, type Manifest } from '../workspace/index.js';
import { bunJson } from './bun-json.js';
import type { PackManager } from './manager.js';

/** The manifest fields pnpm copies from `publishConfig` (pnpm 11 also `name`), removing them from it. */
const PNPM_OVERRIDES = new Set([
  'bin',
  'engines',
  'type',
  'imports',
  'main',
  'module',
  'typings',
  'types',
  'exports',
  'browser',
  'esnext',
  'es2015',
  'unpkg',
  'umd:main',
  'os',
  'cpu',
  'libc',
  'typesVersions',
]);

/** The scripts pnpm leaves out of the packed manifest: they ran already, or belong to publishing. */
const PNPM_DROPPED_SCRIPTS = new Set([
  'prepublishOnly',
  'prepack',
  'prepare',
  'postpack',
  'publish',
  'postpublish',
]);

/**
 * yarn's `beforeWorkspacePacking` hooks, in the order they run: the workspace plugin copies these
 * `publishConfig` keys when set (truthy), then the TypeScript plugin copies `typings` and `types`.
 * yarn keeps `publishConfig` itself as it is.
 */
const YARN_OVERRIDES = [
  'type',
  'main',
  'browser',
  'module',
  'exports',
  'imports',
  'bin',
  'typings',
  'types',
];

/** The manifest fields a manager would copy from `publishConfig` and npm does not, for the npm warning. */
export function publishConfigOverrides(manifest: Readonly<Record<string, unknown>>): string[] {
  const publishConfig = manifest.publishConfig;
  if (!publishConfig || typeof publishConfig !== 'object') return [];
  return Object.keys(publishConfig).filter((key) => PNPM_OVERRIDES.has(key));
}

/**
 * The text of the package.json a manager packs, from the manifest on disk (`original`, its `text`) and
 * the same manifest with `workspace:`/`catalog:` ranges replaced (`replaced`):
 * - npm: the file as written, re-serialized in its own indentation only when a range was replaced;
 * - pnpm: its exportable manifest (`pnpm`, `packageManager` and the publish-time scripts left out,
 *   `publishConfig` overrides applied and removed from it, an empty `publishConfig` dropped), two-space
 *   JSON without a final newline;
 * - yarn: the raw manifest with its `publishConfig` overrides copied over, two-space JSON without a final
 *   newline;
 * - bun: the manifest with ranges replaced and nothing else, re-printed as bun prints it ({@link bunJson}).
 */
export function packedManifestText(
  manager: PackManager,
  original: Manifest,
  text: string,
  replaced: Manifest,
): string | undefined {
  switch (manager.name) {
    case 'npm':
      return replaced === original ? undefined : serializeLike(replaced, text);
    case 'bun':
      return bunJson(replaced, text);
    case 'pnpm':
      return JSON.stringify(pnpmManifest(original, replaced, manager.major), null, 2);
    case 'yarn':
      return JSON.stringify(yarnManifest(replaced), null, 2);
  }
}

function pnpmManifest(original: Manifest, replaced: Manifest, major: number | undefined) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(replaced)) {
    if (key !== 'pnpm' && key !== 'scripts' && key !== 'packageManager') out[key] = value;
  }
  // pnpm 10 rebuilds each dependency map as its ranges resolve: the ones that need no workspace lookup
  // first, then the `workspace:` ones (each waits for a read of the dependency's package.json).
  if ((major ?? 10) < 11) {
    for (const field of DEPENDENCY_FIELDS) {
      const deps = out[field];
      if (!deps || typeof deps !== 'object') continue;
      const given = original[field] as Record<string, unknown>;
      const entries = Object.entries(deps as Record<string, unknown>);
      const waits = (name: string) =>
        typeof given[name] === 'string' && workspaceLookup(field, given[name]);
      out[field] = Object.fromEntries([
        ...entries.filter(([name]) => !waits(name)),
        ...entries.filter(([name]) => waits(name)),
      ]);
    }
  }
  const scripts = original.scripts;
  if (scripts !== undefined && scripts !== null) {
    out.scripts = Object.fromEntries(
      Object.entries(scripts as Record<string, unknown>).filter(
        ([name]) => !PNPM_DROPPED_SCRIPTS.has(name),
      ),
    );
  }
  const publishConfig = replaced.publishConfig;
  if (!publishConfig || typeof publishConfig !== 'object') return out;
  const rest: Record<string, unknown> = { ...(publishConfig as Record<string, unknown>) };
  for (const key of Object.keys(rest)) {
    if (!PNPM_OVERRIDES.has(key) && !(key === 'name' && (major ?? 10) >= 11)) continue;
    out[key] = rest[key];
    delete rest[key];
  }
  if (Object.keys(rest).length === 0) delete out.publishConfig;
  else out.publishConfig = rest;
  return out;
}

/** Whether pnpm 10 reads the dependency's manifest to replace this range (peers only for bare specifiers). */
function workspaceLookup(field: string, spec: string): boolean {
  if (field === 'peerDependencies') return /^workspace:([\^~*]|>=|>|<=|<)?$/.test(spec);
  return /^workspace:(?:(.+)@)?([\^~*])?$/.test(spec) || /^workspace:\.\.?\//.test(spec);
}

function yarnManifest(replaced: Manifest) {
  const out: Record<string, unknown> = structuredClone(replaced);
  const publishConfig = replaced.publishConfig as Record<string, unknown> | undefined;
  if (!publishConfig || typeof publishConfig !== 'object') return out;
  for (const key of YARN_OVERRIDES) if (publishConfig[key]) out[key] = publishConfig[key];
  return out;
}

/** JSON text with the indentation and line endings of `original`, as npm's package.json writer keeps them. */
export function serializeLike(value: unknown, original: string): string {
  const indent = /^[ \t]*\{\r?\n([ \t]+)"/.exec(original.replace(/^\uFEFF/, ''))?.[1] ?? 2;
  const newline = original.includes('\r\n') ? '\r\n' : '\n';
  const trailing = /\r?\n$/.test(original) ? newline : '';
  return JSON.stringify(value, null, indent).replace(/\n/g, newline) + trailing;
}
