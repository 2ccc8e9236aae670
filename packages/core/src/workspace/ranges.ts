import path from 'node:path';
import { createRequire } from 'node:module';
import type SemverSatisfies from 'semver/functions/satisfies.js';
import type SemverValidRange from 'semver/ranges/valid.js';
import { FIXES, TrustpubError } from '../errors/index.js';
import type { WorkspaceIndex, WorkspacePackageRef } from '../kernel/index.js';

// semver's range functions load about 20 modules (its range, comparator and comparison classes); the
// workspace is part of every start-up and only packing and the checks replace ranges, so they are
// required on first use (about 10 ms of every start-up, before the first registry read).
const requireSemver = createRequire(import.meta.url);
let semver: { satisfies: typeof SemverSatisfies; validRange: typeof SemverValidRange } | undefined;
const lazySemver = () =>
  (semver ??= {
    satisfies: requireSemver('semver/functions/satisfies.js') as typeof SemverSatisfies,
    validRange: requireSemver('semver/ranges/valid.js') as typeof SemverValidRange,
  });

/** Where a range sits, for messages: `@a/b` `dependencies` `c`. */
export interface RangeSite {
  packageName: string;
  field: string;
  dependency: string;
}

/**
 * Replaces one `workspace:` range the way pnpm (and yarn, bun) write it into the published manifest:
 * `workspace:*` -> `1.2.3`, `workspace:^` -> `^1.2.3`, `workspace:~` -> `~1.2.3`, `workspace:<range>`
 * -> `<range>`, `workspace:<path>` -> the version of the package in that directory, and the aliased
 * forms `workspace:<name>@*|^|~|<range>` -> `npm:<name>@<replaced>`.
 * @throws TrustpubError `CONFIG_WORKSPACE_TARGET_UNKNOWN` when no workspace package has that name or
 *   directory; `CONFIG_WORKSPACE_RANGE_INVALID` when an explicit range is not semver or does not
 *   accept the workspace package's current version (pnpm would not have linked it).
 * @see pnpm `pkg-manifest/exportable-manifest` (`replaceWorkspaceProtocol`)
 */
export function replaceWorkspaceRange(
  spec: string,
  site: RangeSite,
  workspace: WorkspaceIndex | undefined,
  /** Directory of the package whose manifest holds the range (paths are relative to it). */
  fromDir: string | undefined,
): string {
  const body = spec.slice('workspace:'.length);
  if (isPath(body)) {
    const target = findByDir(workspace, fromDir, body);
    if (!target)
      throw unknownTarget(spec, site, workspace, `no workspace package lives in "${body}"`);
    // pnpm: the exact version, as an npm: alias when the dependency key is not the target's name.
    return target.name === site.dependency
      ? target.version
      : `npm:${target.name}@${target.version}`;
  }
  // `workspace:foo@^` names the target explicitly (an alias); otherwise the dependency key is the target.
  const alias = /^((?:@[^/@]+\/)?[^@]+)@(.*)$/.exec(body);
  const targetName = alias ? alias[1]! : site.dependency;
  const range = alias ? alias[2]! : body;
  const target = workspace?.packages.get(targetName);
  if (!target)
    throw unknownTarget(spec, site, workspace, `no workspace package is named "${targetName}"`);
  const replaced = replaceRange(range, target, spec, site);
  return alias ? `npm:${targetName}@${replaced}` : replaced;
}

function replaceRange(
  range: string,
  target: WorkspacePackageRef,
  spec: string,
  site: RangeSite,
): string {
  if (range === '*' || range === '') return target.version;
  if (range === '^' || range === '~') return `${range}${target.version}`;
  if (lazySemver().validRange(range) === null) {
    throw new TrustpubError(
      'CONFIG_WORKSPACE_RANGE_INVALID',
      `${where(site)} is "${spec}": "${range}" is not a semver range.`,
      {
        hint: FIXES.CONFIG_WORKSPACE_RANGE_INVALID.notSemver,
        packageName: site.packageName,
      },
    );
  }
  if (!lazySemver().satisfies(target.version, range, { includePrerelease: true })) {
    throw new TrustpubError(
      'CONFIG_WORKSPACE_RANGE_INVALID',
      `${where(site)} is "${spec}", but the workspace package ${target.name} is at ${target.version}, which "${range}" does not accept.`,
      {
        hint: FIXES.CONFIG_WORKSPACE_RANGE_INVALID.notAccepted({ version: target.version }),
        packageName: site.packageName,
        details: { dependency: target.name, range, workspaceVersion: target.version },
      },
    );
  }
  return range;
}

function isPath(body: string): boolean {
  return (
    body.startsWith('.') ||
    body.startsWith('/') ||
    (body.includes(path.sep) && !body.startsWith('@'))
  );
}

function findByDir(
  workspace: WorkspaceIndex | undefined,
  fromDir: string | undefined,
  relative: string,
): WorkspacePackageRef | undefined {
  if (!workspace) return undefined;
  // Relative to the package (pnpm's `workspace:../x`); yarn's `workspace:packages/x` also from the root.
  for (const base of [fromDir ?? workspace.root, workspace.root]) {
    const wanted = path.resolve(base, relative);
    for (const ref of workspace.packages.values()) if (path.resolve(ref.dir) === wanted) return ref;
  }
  return undefined;
}

function unknownTarget(
  spec: string,
  site: RangeSite,
  workspace: WorkspaceIndex | undefined,
  why: string,
) {
  return new TrustpubError(
    'CONFIG_WORKSPACE_TARGET_UNKNOWN',
    workspace
      ? `${where(site)} is "${spec}", but ${why} in the workspace at ${workspace.root}.`
      : `${where(site)} is "${spec}", but no workspace was found to resolve it.`,
    {
      hint: workspace
        ? FIXES.CONFIG_WORKSPACE_TARGET_UNKNOWN.notInWorkspace({
            dependency: site.dependency,
            spec,
          })
        : FIXES.CONFIG_WORKSPACE_TARGET_UNKNOWN.noWorkspace,
      packageName: site.packageName,
      details: { field: site.field, dependency: site.dependency, spec },
    },
  );
}

/**
 * Replaces a `catalog:` / `catalog:<name>` range by the catalog's entry for the dependency, as pnpm,
 * yarn and bun do on publish (`catalog:` and `catalog:default` are the default catalog).
 * @throws TrustpubError `CONFIG_CATALOG_ENTRY_UNKNOWN` when the catalog or its entry does not exist.
 */
export function replaceCatalogRange(
  spec: string,
  site: RangeSite,
  workspace: WorkspaceIndex | undefined,
): string {
  const catalogName = spec.slice('catalog:'.length).trim() || 'default';
  const catalog = workspace?.catalogs.get(catalogName);
  const entry = catalog?.get(site.dependency);
  if (entry !== undefined) return entry;
  const known = [...(workspace?.catalogs.keys() ?? [])].join(', ') || 'none';
  throw new TrustpubError(
    'CONFIG_CATALOG_ENTRY_UNKNOWN',
    !workspace
      ? `${where(site)} is "${spec}", but no workspace (pnpm-workspace.yaml, .yarnrc.yml or package.json catalogs) was found to resolve it.`
      : catalog
        ? `${where(site)} is "${spec}", but the ${catalogName} catalog has no entry for "${site.dependency}".`
        : `${where(site)} is "${spec}", but there is no catalog named "${catalogName}" (catalogs: ${known}).`,
    {
      hint:
        catalogName === 'default'
          ? FIXES.CONFIG_CATALOG_ENTRY_UNKNOWN.defaultCatalog({ dependency: site.dependency })
          : FIXES.CONFIG_CATALOG_ENTRY_UNKNOWN.namedCatalog({
              dependency: site.dependency,
              catalog: catalogName,
            }),
      packageName: site.packageName,
      details: { field: site.field, dependency: site.dependency, catalog: catalogName },
    },
  );
}

function where(site: RangeSite): string {
  return `${site.packageName}: ${site.field}["${site.dependency}"]`;
}
