import type { CiInfo, CoreContext, ProvenanceInfo, PublishResult } from '../kernel/index.js';
import type { PackageAuth } from '../oidc/index.js';
import type { ProvenanceDecision, SignedProvenance } from '../provenance/index.js';
import { TrustpubError, isTrustpubError } from '../errors/index.js';
import { runLifecycle } from '../pack/index.js';
import { servedTarballUrl } from './body.js';
import type { PreparedPublish } from './prepare.js';
import { verifyPublished } from './verify-published.js';

/** A dry run ends here: what would have been published, and what was checked on the way. */
export function dryRunResult(
  p: PreparedPublish,
  auth: PackageAuth | undefined,
  decision: ProvenanceDecision,
): PublishResult {
  const { name, version } = p.packed.manifest;
  const checked =
    auth?.kind === 'oidc'
      ? 'the token exchange succeeded'
      : auth?.oidcError
        ? `trusted publishing failed (${auth.oidcError.code}), so the fallback token would be used`
        : auth
          ? 'no supported CI, so the fallback token would be used'
          : 'the token exchange was not checked (no supported CI)';
  return {
    status: 'skipped',
    name,
    version,
    reason: 'dry-run',
    message: `Dry run: would publish ${name}@${version} to ${p.registry} with tag ${p.tag.tag}; ${checked}; provenance ${decision.provenance ? 'on' : 'off'}. Nothing was uploaded.`,
    plan: {
      name,
      version,
      tag: p.tag.tag,
      access: p.access,
      registry: p.registry,
      provenance: decision.provenance,
      dir: p.options.dir,
    },
  };
}

/** A staged version: uploaded to the stage queue, installable once a maintainer approves it. */
export function stagedResult(
  p: PreparedPublish,
  stageId: string,
  auth: PackageAuth,
  signed: SignedProvenance | undefined,
): PublishResult {
  const { name, version } = p.packed.manifest;
  return {
    status: 'staged',
    name,
    version,
    tag: p.tag.tag,
    registry: p.registry,
    integrity: p.packed.integrity,
    stageId,
    ...(signed ? { provenance: { predicateType: signed.predicateType } } : {}),
    auth: auth.kind,
  };
}

/**
 * After the registry accepted the upload: verify what it stored (unless skipped), run the scripts npm
 * runs after a publish, and report. A failure here still says the version WAS published.
 */
export async function afterUpload(
  p: PreparedPublish,
  ci: CiInfo | undefined,
  auth: PackageAuth,
  signed: SignedProvenance | undefined,
  ctx: CoreContext,
): Promise<PublishResult> {
  const { options, packed, registry, tag } = p;
  const { name, version } = packed.manifest;
  const published = { name, version, registry, integrity: packed.integrity };
  let provenance: ProvenanceInfo | undefined = signed
    ? {
        predicateType: signed.predicateType,
        ...(signed.rekorLogIndex ? { rekorLogIndex: signed.rekorLogIndex } : {}),
        ...(signed.transparencyLogUrl ? { transparencyLogUrl: signed.transparencyLogUrl } : {}),
      }
    : undefined;
  // Where the registry serves the tarball: what it says once verified; its usual address until then.
  let served = servedTarballUrl(name, version, registry);
  try {
    if (!options.skipVerify) {
      const verified = await p.step(
        () =>
          verifyPublished(
            {
              ...published,
              provenance: Boolean(signed),
              repository: ci?.repository,
              workflowPath: workflowPathOf(ci?.workflowRef, ci?.repository),
              token: auth.token,
              restricted: p.access === 'restricted',
            },
            ctx,
          ),
        'verify',
      );
      if (verified.provenance) provenance = { ...provenance, ...verified.provenance };
      if (verified.tarballUrl) served = verified.tarballUrl;
    }
    // The packing decided which scripts follow the upload (the manager's, none when scripts are ignored).
    if (!options.tarball)
      for (const event of packed.afterPublish ?? [])
        await runLifecycle(options.dir, event, packed.manifest, ctx);
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    // The version is on the registry: say so, so nobody publishes it again or thinks it is missing.
    throw new TrustpubError(
      error.code,
      `${name}@${version} WAS published to ${registry}, but a step after the upload failed: ${error.message}`,
      {
        hint: error.hint,
        packageName: name,
        ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}),
        details: { ...error.details, published: true, tag: tag.tag },
      },
    );
  }
  return {
    status: 'published',
    ...published,
    tag: tag.tag,
    tarballUrl: served,
    ...(provenance ? { provenance } : {}),
    auth: auth.kind,
  };
}

/** `.github/workflows/release.yml` from `owner/repo/.github/workflows/release.yml@refs/...`. */
function workflowPathOf(
  workflowRef: string | undefined,
  repository: string | undefined,
): string | undefined {
  if (!workflowRef) return undefined;
  const withoutRef = workflowRef.split('@')[0] ?? workflowRef;
  return repository && withoutRef.startsWith(`${repository}/`)
    ? withoutRef.slice(repository.length + 1)
    : withoutRef;
}
