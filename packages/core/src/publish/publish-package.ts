import type { CoreContext, PublishResult } from '../kernel/index.js';
import { detectCi, authenticatePackage } from '../oidc/index.js';
import { configValue } from '../registry/index.js';
import { isTrustpubError } from '../errors/index.js';
import { buildPublishBody } from './body.js';
import { checkLatestDowngrade, conflict, readPackument, sameVersion } from './existing.js';
import type { PublishPackageOptions } from './options.js';
import { afterUpload, dryRunResult, stagedResult } from './outcome-results.js';
import { preparePublish } from './prepare.js';
import { provenanceStep } from './provenance.js';
import { stageUpload } from './stage.js';
import { uploadPackage } from './upload.js';

/**
 * Publishes one package: read and check the manifest, pack (or read the given tarball), pick the
 * registry, compare with what is already there, exchange the CI's ID token for a token for this package
 * only, decide and sign provenance, upload, verify what the registry stored, run `publish`/`postpublish`.
 * Never throws a TrustpubError: every failure comes back as `{ status: 'failed' }` naming what was and
 * was not published. Unknown errors (bugs) are rethrown.
 *
 * Dry runs do everything up to the upload, including the exchange when a CI identity is there (as npm
 * does), so a dry run in CI proves the trusted publisher matches; nothing is signed or uploaded.
 */
export async function publishPackage(
  options: PublishPackageOptions,
  ctx: CoreContext,
): Promise<PublishResult> {
  const seen: { name?: string; version?: string } = {};
  try {
    return await publish(options, ctx, seen);
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    // The face renders the failed result; the debug line keeps the sequence readable in verbose logs.
    ctx.logger.debug(
      ctx.secrets.redact(
        `${seen.name ?? options.dir}: failed with ${error.code}: ${error.message}`,
      ),
    );
    return {
      status: 'failed',
      name: seen.name ?? error.packageName ?? options.dir,
      ...(seen.version ? { version: seen.version } : {}),
      error,
    };
  }
}

/**
 * The publish, in npm's order: pack and check; compare with the registry; exchange the ID token for a
 * token for this package only; decide and sign provenance; upload (or stage); verify and run the scripts
 * that follow a publish. Release hooks may hold the package before the exchange and before the upload.
 */
async function publish(
  given: PublishPackageOptions,
  ctx: CoreContext,
  seen: { name?: string; version?: string },
): Promise<PublishResult> {
  const p = await preparePublish(given, ctx, seen).catch((error: unknown) => {
    if (isTrustpubError(error)) given.onPacked?.(error);
    throw error;
  });
  given.onPacked?.(undefined);
  const { options, step, packed, registry } = p;
  const { name, version } = packed.manifest;

  // A version already there is a safe re-run when the bytes are the same. Restricted packages are
  // invisible without a token; for them the upload's "already exists" answer triggers the same check.
  const before = options.known
    ? options.known.packument
    : await readPackument(name, registry, undefined, ctx);
  const existing = sameVersion(before, version, packed, registry);
  if (existing) return existing;
  checkLatestDowngrade(before, version, p.tag.explicit, name);

  const ci = detectCi(ctx);
  const waited = await options.beforeAuth?.();
  if (waited) return { status: 'skipped', name, version, ...waited };
  // Dry runs outside CI authenticate nothing: there is no identity to check.
  const auth =
    options.dryRun && !ci
      ? undefined
      : await step(
          () =>
            authenticatePackage(
              {
                packageName: name,
                registry,
                ci,
                idTokens: options.idTokens,
                fallbackToken: options.fallbackToken,
                exchange: options.exchange,
                command: 'publish',
              },
              ctx,
            ),
          'auth',
        );
  const { decision, signed } = await step(
    () =>
      provenanceStep(
        {
          ci,
          packed,
          requested: options.provenance,
          npmConfig: configValue(p.config, 'provenance'),
          claims: auth?.claims,
          access: p.access,
          registry,
          token: auth?.kind === 'oidc' ? auth.token : undefined,
          sign: !options.dryRun,
        },
        ctx,
      ),
    'provenance',
  );
  if (options.dryRun) return dryRunResult(p, auth, decision);
  if (!auth) throw new Error('unreachable: a non-dry run always authenticates');
  const held = await options.beforeUpload?.();
  if (held) return { status: 'skipped', name, version, ...held };

  const body = buildPublishBody(packed, {
    tag: p.tag.tag,
    access: p.access,
    registry,
    provenance: signed ? { ...signed.bundle, mediaType: signed.mediaType } : undefined,
  });
  const token = auth.token;
  if (options.stage) {
    const stageId = await step(
      () => stageUpload({ name, version, registry, token, body }, ctx),
      'upload',
    );
    options.onUploaded?.();
    ctx.logger.info(`+ ${name}@${version} (staged with id ${stageId})`);
    return stagedResult(p, stageId, auth, signed);
  }
  const outcome = await step(
    () => uploadPackage({ name, version, registry, token, body, provenance: Boolean(signed) }, ctx),
    'upload',
  );
  if (outcome === 'exists') {
    const there = sameVersion(
      await readPackument(name, registry, token, ctx),
      version,
      packed,
      registry,
    );
    if (there) return there;
    throw conflict(name, version, registry, undefined);
  }
  options.onUploaded?.();
  ctx.logger.info(
    `+ ${name}@${version}${auth.kind === 'fallback-token' ? ' (with the fallback token)' : ''}`,
  );
  return afterUpload(p, ci, auth, signed, ctx);
}
