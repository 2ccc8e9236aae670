import semverGte from 'semver/functions/gte.js';
import semverMaxSatisfying from 'semver/ranges/max-satisfying.js';
import semverPrerelease from 'semver/functions/prerelease.js';
import semverValid from 'semver/functions/valid.js';
import { FIXES, isTrustpubError } from '../errors/index.js';
import type { Access, Finding, WorkspaceIndex } from '../kernel/index.js';
import { checkPublishable, resolveAccess, resolveTag, type ResolvedTag } from '../publish/index.js';
import type { Packument } from '../registry/index.js';
import { toPublishManifest } from '../workspace/index.js';

export interface ManifestCheckInput {
  name: string;
  version: string;
  manifest: Readonly<Record<string, unknown>>;
  /** The registry's packument, when the plan read one (for "lower than latest"). */
  packument?: Packument | undefined;
  /** The release's --tag / --access, as the publish will apply them. */
  tag?: string | undefined;
  access?: Access | undefined;
  /** The workspace, to resolve `workspace:` and `catalog:` ranges as the publish will. */
  workspace?: WorkspaceIndex | undefined;
}

/**
 * Every manifest problem the upload would fail on, found without a request: name, version, access,
 * dist-tag, a prerelease without a tag, `workspace:`/`catalog:` targets, and a version that would move
 * `latest` backwards. These otherwise surface one package at a time during the release, after other
 * packages are already out.
 */
export function diagnoseManifest(input: ManifestCheckInput): Finding[] {
  const findings: Finding[] = [];
  const add = (error: unknown): void => {
    if (!isTrustpubError(error)) throw error;
    if (findings.some((f) => f.code === error.code)) return;
    findings.push({
      code: error.code,
      severity: 'error',
      packageName: input.name,
      message: error.message,
      hint: error.hint,
      ...(error.details ? { details: error.details } : {}),
    });
  };
  const manifest = { ...input.manifest, name: input.name, version: input.version };
  let tag: ResolvedTag | undefined;
  try {
    tag = resolveTag(manifest, input.tag);
    checkPublishable(manifest, { tag, access: resolveAccess(manifest, input.access) });
  } catch (error) {
    add(error);
  }
  if (input.workspace) {
    try {
      toPublishManifest(manifest, { workspace: input.workspace });
    } catch (error) {
      add(error);
    }
  }
  // A version already on the registry is a re-run (publish skips it), not a downgrade.
  const fresh = !input.packument?.versions.has(input.version);
  const highest = tag && !tag.explicit && fresh ? highestRelease(input.packument) : undefined;
  if (highest && semverValid(input.version) && semverGte(highest, input.version)) {
    findings.push({
      code: 'CONFIG_LATEST_DOWNGRADE',
      severity: 'error',
      packageName: input.name,
      message: `${input.name}@${input.version} would take the "latest" tag, but ${highest} is already published and higher.`,
      hint: FIXES.CONFIG_LATEST_DOWNGRADE,
      details: { highest },
    });
  }
  return findings;
}

/** npm's `latest` candidate: the highest version that is neither a prerelease nor deprecated. */
function highestRelease(packument: Packument | undefined): string | undefined {
  if (!packument) return undefined;
  const versions = [...packument.versions.values()]
    .filter((v) => !v.deprecated && !semverPrerelease(v.version))
    .map((v) => v.version);
  return semverMaxSatisfying(versions, '*') ?? undefined;
}
