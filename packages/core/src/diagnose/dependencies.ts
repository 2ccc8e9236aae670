import semverMaxSatisfying from 'semver/ranges/max-satisfying.js';
import semverRcompare from 'semver/functions/rcompare.js';
import semverSatisfies from 'semver/functions/satisfies.js';
import semverValid from 'semver/functions/valid.js';
import semverValidRange from 'semver/ranges/valid.js';
import { type CoreContext, mapLimit, type Finding, type WorkspaceIndex } from '../kernel/index.js';
import { FIXES, isTrustpubError } from '../errors/index.js';
import { pickRegistry, readPackument, type NpmConfig } from '../registry/index.js';
import { readManifest, toPublishManifest } from '../workspace/index.js';

/** Dependency fields whose ranges must resolve for an install to succeed (optional ones may fail). */
const NEEDED_FIELDS = ['dependencies', 'peerDependencies'] as const;

export interface DependencyCheckInput {
  /** The packages this release publishes. */
  packages: readonly {
    name: string;
    version: string;
    dir: string;
    manifest: Readonly<Record<string, unknown>>;
  }[];
  workspace: WorkspaceIndex;
  /** Selected versions the registry already has (the plan read them): no request needed for those. */
  published: readonly { name: string; version: string }[];
  config: NpmConfig;
  concurrency?: number;
}

interface Need {
  from: string;
  field: string;
  range: string;
}

/**
 * Workspace siblings a release leaves out although its packages need them: a package published with a
 * range on a sibling that no version on the registry satisfies installs for nobody. Only siblings outside
 * the release are checked (those in it are published first, in dependency order); each is read once,
 * anonymously, from the origin. An unreadable packument is a warning: it cannot be told either way.
 */
export async function diagnoseDependencies(
  input: DependencyCheckInput,
  ctx: CoreContext,
): Promise<Finding[]> {
  const inRelease = new Set(input.packages.map((p) => p.name));
  const needs = new Map<string, Need[]>();
  for (const p of input.packages) {
    let manifest: Readonly<Record<string, unknown>>;
    try {
      manifest = toPublishManifest(p.manifest as { name: string; version: string }, {
        workspace: input.workspace,
        dir: p.dir,
      });
    } catch (error) {
      // A range that cannot be replaced fails this package's pack with its own error.
      if (isTrustpubError(error)) continue;
      throw error;
    }
    for (const field of NEEDED_FIELDS) {
      const deps = manifest[field];
      if (!deps || typeof deps !== 'object') continue;
      for (const [dep, range] of Object.entries(deps as Record<string, unknown>)) {
        if (inRelease.has(dep) || !input.workspace.packages.has(dep)) continue;
        if (typeof range !== 'string' || semverValidRange(range) === null) continue;
        needs.set(dep, [
          ...(needs.get(dep) ?? []),
          { from: `${p.name}@${p.version}`, field, range },
        ]);
      }
    }
  }
  const published = new Map(input.published.map((p) => [p.name, p.version]));
  const results = await mapLimit([...needs], input.concurrency ?? 16, async ([dep, sites]) => {
    const known = published.get(dep);
    const open = known ? sites.filter((s) => !semverSatisfies(known, s.range)) : sites;
    if (!open.length) return [];
    const ref = input.workspace.packages.get(dep);
    const own = ref ? await readManifest(ref.dir).catch(() => undefined) : undefined;
    const local = ref?.version ?? '?';
    const packageName = (s: Need) => s.from.slice(0, s.from.lastIndexOf('@'));
    if (own?.private === true) {
      return open.map((s): Finding => ({
        code: 'RELEASE_DEPENDENCY_UNPUBLISHED',
        severity: 'error',
        packageName: packageName(s),
        message: `${s.from} depends on ${dep} ${s.range} (${s.field}), but ${dep} is private ("private": true in ${ref?.dir}): it is never published, so installing ${s.from} would fail.`,
        hint: FIXES.RELEASE_DEPENDENCY_UNPUBLISHED.private({ dependency: dep }),
        details: { dependency: dep, range: s.range, private: true },
      }));
    }
    const publishConfig = (own?.publishConfig ?? {}) as Record<string, unknown>;
    const registry = pickRegistry(dep, own ?? {}, input.config);
    const versions = await registryVersions(dep, registry, ctx);
    // An anonymous read of a restricted package answers 404: absent or hidden cannot be told apart.
    const hidden =
      versions !== 'unreadable' && !versions.length && publishConfig.access === 'restricted';
    if (versions === 'unreadable' || hidden) {
      return open.map((s): Finding => ({
        code: 'RELEASE_DEPENDENCY_UNPUBLISHED',
        severity: 'warning',
        packageName: packageName(s),
        message: `${s.from} depends on ${dep} ${s.range} (${s.field}), which this release leaves out, and ${registry} did not let trustpub read ${dep}${hidden ? ' (restricted packages are hidden from anonymous reads)' : ''} to check that a version satisfies it.`,
        hint: FIXES.RELEASE_DEPENDENCY_UNPUBLISHED.unreadable({
          dependency: dep,
          range: s.range,
          registry,
        }),
        details: { dependency: dep, range: s.range, registry },
      }));
    }
    return open
      .filter((s) => !semverMaxSatisfying(versions, s.range))
      .map((s): Finding => ({
        code: 'RELEASE_DEPENDENCY_UNPUBLISHED',
        severity: 'error',
        packageName: packageName(s),
        message: `${s.from} depends on ${dep} ${s.range} (${s.field}), but ${
          versions.length
            ? `no version of ${dep} on ${registry} satisfies it (it has ${summarize(versions)})`
            : `${registry} has no ${dep} at all`
        }, and this release leaves ${dep} out (its workspace version is ${local}). Installing ${s.from} would fail.`,
        hint: FIXES.RELEASE_DEPENDENCY_UNPUBLISHED.missing({ dependency: dep }),
        details: { dependency: dep, range: s.range, registry, workspaceVersion: local },
      }));
  });
  return results.flat();
}

/** The versions the registry lists for `name`, [] when it does not know it, or 'unreadable'. */
async function registryVersions(
  name: string,
  registry: string,
  ctx: CoreContext,
): Promise<string[] | 'unreadable'> {
  try {
    const read = await readPackument(name, registry, {}, ctx);
    if (read.kind === 'not-found') return [];
    return read.kind === 'found' ? [...read.packument.versions.keys()] : 'unreadable';
  } catch (error) {
    if (isTrustpubError(error)) return 'unreadable';
    throw error;
  }
}

function summarize(versions: readonly string[]): string {
  const sorted = [...versions].filter((v) => semverValid(v)).sort(semverRcompare);
  return sorted.length > 3 ? `${sorted.slice(0, 3).join(', ')}, ...` : sorted.join(', ');
}
