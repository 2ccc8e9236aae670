import fs from 'node:fs';
import path from 'node:path';
import type { SandboxCore } from './sandbox-core.js';

/** A version waiting in the stage queue: not in the packument, not installable, until approved. */
export interface StagedVersion {
  id: string;
  packageName: string;
  version: string;
  tag: string;
  createdAt: string;
  actor: string;
  actorType: 'trusted_publisher' | 'user';
  shasum: string;
  /** The publish body as it will be sent on approval (the provenance attachment taken off). */
  body: Buffer;
  tarball: Buffer;
  attestation?: { predicateType: string; bundle: unknown };
  restricted: boolean;
}

/** What `npm stage list` / `view` print of an entry (npm shows these keys and any others it gets). */
export function stageItem(s: StagedVersion): Record<string, unknown> {
  return {
    id: s.id,
    packageName: s.packageName,
    version: s.version,
    tag: s.tag,
    status: 'pending',
    createdAt: s.createdAt,
    actor: s.actor,
    actorType: s.actorType,
    shasum: s.shasum,
  };
}

/** The stage queue of one sandbox, oldest first; it lives as long as the sandbox process. */
const queues = new WeakMap<SandboxCore, Map<string, StagedVersion>>();

export function stageQueue(core: SandboxCore): Map<string, StagedVersion> {
  let queue = queues.get(core);
  if (!queue) queues.set(core, (queue = new Map<string, StagedVersion>()));
  return queue;
}

/**
 * The versions Verdaccio holds for a package, read from its storage on disk (as `packageExists`
 * does): staged and published versions share one version index, so staging checks both.
 */
export function publishedVersions(core: SandboxCore, name: string): string[] {
  try {
    const text = fs.readFileSync(path.join(core.dir, 'storage', name, 'package.json'), 'utf8');
    const versions = (JSON.parse(text) as { versions?: Record<string, unknown> }).versions;
    return versions && typeof versions === 'object' ? Object.keys(versions) : [];
  } catch {
    return [];
  }
}
