import type { CoreContext, Finding, WorkspaceIndex } from '../kernel/index.js';
import { FIXES, isTrustpubError } from '../errors/index.js';
import { packPackage } from '../pack/index.js';

/** A version the registry already has, and where its source is here. */
export interface PublishedHere {
  name: string;
  version: string;
  registry: string;
  /** The integrity the registry stored. */
  integrity: string;
  dir: string;
}

/** What a release plan says of the versions the registry already has, and its workspace. */
export interface PublishedVersions {
  alreadyPublished: readonly Omit<PublishedHere, 'dir'>[];
  workspace: WorkspaceIndex;
}

/**
 * Packs each version the registry already has and compares the integrities. A re-run of the same
 * release packs the same bytes; a difference means the contents changed without a version bump, which
 * npm refuses (403) and which "already published" would otherwise hide: the users of that version never
 * get the change. A warning, or with `strict` an error, naming both integrities.
 */
export async function checkPublishedContent(
  plan: PublishedVersions,
  options: { strict?: boolean | undefined; packAs?: string | undefined },
  ctx: CoreContext,
): Promise<Finding[]> {
  const entries = plan.alreadyPublished.flatMap((p): PublishedHere[] => {
    const dir = plan.workspace.packages.get(p.name)?.dir;
    return dir ? [{ ...p, dir }] : [];
  });
  const findings: Finding[] = [];
  for (const e of entries) {
    let ours: string;
    try {
      const packed = await packPackage(
        e.dir,
        { workspace: plan.workspace, purpose: 'pack', packAs: options.packAs },
        ctx,
      );
      ours = packed.integrity;
    } catch (error) {
      if (!isTrustpubError(error)) throw error;
      ctx.logger.warn(
        `${e.name}@${e.version}: could not pack it to compare with the registry (${error.code}).`,
      );
      continue;
    }
    if (ours === e.integrity) continue;
    findings.push({
      code: 'PUBLISH_VERSION_CONFLICT',
      severity: options.strict ? 'error' : 'warning',
      packageName: e.name,
      message: `${e.name}@${e.version} is already on ${e.registry}, but this build's contents differ (registry: ${e.integrity}, this build: ${ours}); it is not published again, so the change does not reach anyone.`,
      hint: options.strict
        ? FIXES.PUBLISH_VERSION_CONFLICT.contentDiffers({ name: e.name })
        : FIXES.PUBLISH_VERSION_CONFLICT.contentDiffersWarning({ name: e.name }),
      details: { stored: e.integrity, ours },
    });
  }
  return findings;
}
