import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { FIXES, TrustpubError, type Access } from '@trustpub/core';

/** A `kind: "publish"` entry of changesets 3's publish-plan.json, after `changeset pack`. */
export interface PackedPublishEntry {
  kind: 'publish';
  name: string;
  version: string;
  access: Access | undefined;
  tag: string;
  /** Absolute path of the tarball inside the pack directory. */
  tarballPath: string;
  /** changesets' `sha256-<base64>` of the tarball. */
  integrity: string;
}

export interface TagOnlyEntry {
  kind: 'tag-only';
  name: string;
  version: string;
}

export type PackPlanEntry = PackedPublishEntry | TagOnlyEntry;

const PLAN_FILE = 'publish-plan.json';

/**
 * Reads `<dir>/publish-plan.json` as written by `changeset pack --out-dir <dir>` (format version 1:
 * chunks of `publish` entries with `tarball: { path, integrity }` and `tag-only` entries) and checks
 * every tarball against the sha256 integrity changesets recorded, so a publish job never uploads a
 * tarball other than the one that was packed.
 */
export async function readPackDir(dir: string): Promise<PackPlanEntry[][]> {
  const file = path.join(dir, PLAN_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw invalid(
      `${file} could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const plan = (json as { version?: unknown; plan?: unknown } | null)?.plan;
  const version = (json as { version?: unknown } | null)?.version;
  if (version !== 1)
    throw invalid(`${file} has format version ${String(version)}; changeset-oidc reads version 1`);
  if (!Array.isArray(plan)) throw invalid(`${file} has no "plan" array`);
  const chunks: PackPlanEntry[][] = [];
  for (const chunk of plan) {
    if (!Array.isArray(chunk))
      throw invalid(`${file}: every element of "plan" must be an array of releases`);
    const entries: PackPlanEntry[] = [];
    for (const raw of chunk) entries.push(await toEntry(raw, dir, file));
    chunks.push(entries);
  }
  return chunks;
}

async function toEntry(raw: unknown, dir: string, file: string): Promise<PackPlanEntry> {
  const r = (raw ?? {}) as Record<string, unknown>;
  if (typeof r.name !== 'string' || typeof r.version !== 'string')
    throw invalid(`${file}: a release has no name or version`);
  if (r.kind === 'tag-only') return { kind: 'tag-only', name: r.name, version: r.version };
  const tarball = (r.tarball ?? {}) as Record<string, unknown>;
  if (
    r.kind !== 'publish' ||
    typeof r.tag !== 'string' ||
    typeof tarball.path !== 'string' ||
    typeof tarball.integrity !== 'string'
  ) {
    throw invalid(
      `${file}: the release ${r.name}@${r.version} is not a packed publish entry (was the plan written by \`changeset pack\`?)`,
    );
  }
  const { name, version } = r;
  const rel = tarball.path;
  const tarballPath = path.resolve(dir, rel);
  const actual = await sha256(tarballPath).catch(() => {
    throw invalid(`the tarball ${rel} of ${name}@${version} is missing from ${dir}`);
  });
  if (actual !== tarball.integrity) {
    throw new TrustpubError(
      'PACK_TARBALL_INVALID',
      `The tarball ${tarballPath} of ${r.name}@${r.version} does not match the integrity ${tarball.integrity} recorded by changeset pack (found ${actual}).`,
      {
        hint: FIXES.PACK_TARBALL_INVALID.packDirChanged,
        packageName: r.name,
      },
    );
  }
  const access = r.access === 'public' || r.access === 'restricted' ? r.access : undefined;
  return {
    kind: 'publish',
    name: r.name,
    version: r.version,
    access,
    tag: r.tag,
    tarballPath,
    integrity: tarball.integrity,
  };
}

async function sha256(file: string): Promise<string> {
  return `sha256-${createHash('sha256')
    .update(await fs.readFile(file))
    .digest('base64')}`;
}

function invalid(what: string): TrustpubError {
  return new TrustpubError('PACK_TARBALL_INVALID', `${what}.`, {
    hint: FIXES.PACK_TARBALL_INVALID.packDir,
  });
}
