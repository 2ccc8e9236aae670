import { resolve } from 'node:path';
import semver from 'semver';
import {
  detectCi,
  authenticatePackage,
  type ExchangedToken,
  type PackageAuth,
} from '../oidc/index.js';
import type {
  CoreContext,
  PackedPackage,
  PublishOptions,
  PublishResult,
  SkipReason,
} from '../kernel/index.js';
import { TrustpubError, isTrustpubError } from '../errors/index.js';
import { runLifecycle, packPackage, readTarball } from '../pack/index.js';
import { readManifest } from '../workspace/index.js';
import {
  configValue,
  loadNpmConfig,
  normalizeRegistry,
  pickRegistry,
  fetchPackument,
  type Packument,
} from '../registry/index.js';
import { buildPublishBody, servedTarballUrl } from './body.js';
import { checkPublishable, resolveAccess, resolveTag } from './checks.js';
import { provenanceStep } from './provenance.js';
import { refuseSecrets } from './secret-check.js';
import { stageUpload } from './stage.js';
import { uploadPackage } from './upload.js';
import { verifyPublished } from './verify-published.js';

/** The steps of a publish that make requests or use the CPU, as `PublishPackageOptions.step` names them. */
export type PublishStep = 'pack' | 'auth' | 'provenance' | 'upload' | 'verify';

/** Hooks a release uses to schedule packages; a standalone publish needs none of them. */
export interface PublishPackageOptions extends PublishOptions {
  /**
   * The packument the release plan already read for this package (`{ packument: undefined }`: the
   * registry answered 404 or nothing readable), so the "already there?" check needs no request of its own.
   */
  known?: { packument: Packument | undefined };
  /**
   * Awaited after packing, before the exchange: a release holds every package here until its preflight's
   * verdict. An answer skips the package.
   */
  beforeAuth?: () => Promise<{ reason: SkipReason; message: string } | undefined>;
  /**
   * The package's token exchange when the caller makes it (a release hands over the one its preflight
   * made, while fresh); without it the publish exchanges right before signing.
   */
  exchange?: () => Promise<ExchangedToken>;
  /**
   * Awaited after packing, authentication and signing, right before the upload: a release holds a
   * dependent here until its dependencies are uploaded. An answer skips the upload with that reason.
   */
  beforeUpload?: () => Promise<{ reason: SkipReason; message: string } | undefined>;
  /** Called as soon as the registry accepted the upload (before the verification). */
  onUploaded?: () => void;
  /** Runs each step (pack, exchange, signing, upload, verification): a release limits how many run at once. */
  step?: <T>(run: () => Promise<T>, kind: PublishStep) => Promise<T>;
}

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

async function publish(
  given: PublishPackageOptions,
  ctx: CoreContext,
  seen: { name?: string; version?: string },
): Promise<PublishResult> {
  // Relative paths are relative to the context's working directory, never the process's.
  const options: PublishPackageOptions = {
    ...given,
    dir: resolve(ctx.cwd, given.dir),
    ...(given.tarball ? { tarball: resolve(ctx.cwd, given.tarball) } : {}),
  };
  const step =
    options.step ?? (<T>(run: () => Promise<T>, _kind: PublishStep): Promise<T> => run());
  const source = options.tarball ? undefined : await readManifest(options.dir);
  if (source) Object.assign(seen, { name: source.name, version: source.version });
  // Refuse before any script runs or request is made; again after packing (scripts may change it).
  if (source)
    checkPublishable(source, {
      tag: resolveTag(source, options.tag),
      access: resolveAccess(source, options.access),
    });
  const packed: PackedPackage = await step(
    () =>
      options.tarball
        ? readTarball(options.tarball)
        : packPackage(
            options.dir,
            {
              ignoreScripts: options.ignoreScripts,
              workspace: options.workspace,
              purpose: 'publish',
            },
            ctx,
          ),
    'pack',
  );
  const manifest = packed.manifest;
  const { name, version } = manifest;
  Object.assign(seen, { name, version });
  const tag = resolveTag(manifest, options.tag);
  const access = resolveAccess(manifest, options.access);
  checkPublishable(manifest, { tag, access });
  await refuseSecrets(packed, { dir: options.dir, allowFiles: options.allowFiles }, ctx);

  const config = await loadNpmConfig(options.dir, ctx);
  const registry = options.registry
    ? normalizeRegistry(options.registry, 'the registry option')
    : pickRegistry(name, manifest, config);
  ctx.logger.info(
    `Publishing ${name}@${version} to ${registry} with tag ${tag.tag} and ${access ?? 'default'} access${options.dryRun ? ' (dry-run)' : ''}`,
  );

  // A version already there is a safe re-run when the bytes are the same. Restricted packages are
  // invisible without a token; for them the upload's "already exists" answer triggers the same check.
  const before = given.known
    ? given.known.packument
    : await readPackument(name, registry, undefined, ctx);
  const existing = sameVersion(before, version, packed, registry);
  if (existing) return existing;
  checkLatestDowngrade(before, version, tag.explicit, name);

  const ci = detectCi(ctx);
  const waited = await options.beforeAuth?.();
  if (waited) return { status: 'skipped', name, version, ...waited };
  let auth: PackageAuth | undefined;
  // Dry runs outside CI authenticate nothing: there is no identity to check.
  if (!options.dryRun || ci) {
    auth = await step(
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
  }
  const { decision, signed } = await step(
    () =>
      provenanceStep(
        {
          ci,
          packed,
          requested: options.provenance,
          npmConfig: configValue(config, 'provenance'),
          claims: auth?.claims,
          access,
          registry,
          token: auth?.kind === 'oidc' ? auth.token : undefined,
          sign: !options.dryRun,
        },
        ctx,
      ),
    'provenance',
  );

  if (options.dryRun) {
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
      message: `Dry run: would publish ${name}@${version} to ${registry} with tag ${tag.tag}; ${checked}; provenance ${decision.provenance ? 'on' : 'off'}. Nothing was uploaded.`,
      plan: {
        name,
        version,
        tag: tag.tag,
        access,
        registry,
        provenance: decision.provenance,
        dir: given.dir,
      },
    };
  }
  if (!auth) throw new Error('unreachable: a non-dry run always authenticates');
  const held = await options.beforeUpload?.();
  if (held) return { status: 'skipped', name, version, ...held };

  const body = buildPublishBody(packed, {
    tag: tag.tag,
    access,
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
    const { integrity } = packed;
    const provenance = signed ? { predicateType: signed.predicateType } : undefined;
    return {
      status: 'staged',
      name,
      version,
      tag: tag.tag,
      registry,
      integrity,
      stageId,
      ...(provenance ? { provenance } : {}),
      auth: auth.kind,
    };
  }
  const outcome = await step(
    () => uploadPackage({ name, version, registry, token, body, provenance: Boolean(signed) }, ctx),
    'upload',
  );
  if (outcome === 'exists') {
    const after = sameVersion(
      await readPackument(name, registry, auth.token, ctx),
      version,
      packed,
      registry,
    );
    if (after) return after;
    throw conflict(name, version, registry, undefined);
  }
  options.onUploaded?.();
  ctx.logger.info(
    `+ ${name}@${version}${auth.kind === 'fallback-token' ? ' (with the fallback token)' : ''}`,
  );

  const published = { name, version, registry, integrity: packed.integrity };
  let provenance = signed
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
      const verified = await step(
        () =>
          verifyPublished(
            {
              ...published,
              provenance: Boolean(signed),
              repository: ci?.repository,
              workflowPath: workflowPathOf(ci?.workflowRef, ci?.repository),
              token: auth.token,
              restricted: access === 'restricted',
            },
            ctx,
          ),
        'verify',
      );
      if (verified.provenance) provenance = { ...provenance, ...verified.provenance };
      if (verified.tarballUrl) served = verified.tarballUrl;
    }
    if (!options.tarball && !options.ignoreScripts) {
      await runLifecycle(options.dir, 'publish', manifest, ctx);
      await runLifecycle(options.dir, 'postpublish', manifest, ctx);
    }
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

/** npm counts any failure to read the packument as "no versions"; only a bug is allowed through. */
async function readPackument(
  name: string,
  registry: string,
  token: string | undefined,
  ctx: CoreContext,
): Promise<Packument | undefined> {
  try {
    return await fetchPackument(name, registry, token, ctx);
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    ctx.logger.debug(
      ctx.secrets.redact(
        `${name}: could not read the packument (${error.message}); treating it as unpublished`,
      ),
    );
    return undefined;
  }
}

function sameVersion(
  packument: Packument | undefined,
  version: string,
  packed: PackedPackage,
  registry: string,
): PublishResult | undefined {
  const existing = packument?.versions.get(version);
  if (!existing) return undefined;
  const name = packed.manifest.name;
  if (existing.integrity !== packed.integrity)
    throw conflict(name, version, registry, existing.integrity, packed.integrity);
  return { status: 'already-published', name, version, registry, integrity: packed.integrity };
}

function conflict(
  name: string,
  version: string,
  registry: string,
  stored: string | undefined,
  ours?: string,
): TrustpubError {
  return new TrustpubError(
    'PUBLISH_VERSION_CONFLICT',
    `${name}@${version} is already on ${registry} with different contents${stored ? ` (registry: ${stored}, this build: ${ours})` : ''}. Versions cannot be overwritten.`,
    {
      hint: 'Bump the version and publish again. If this is a re-run, the build is not reproducible (timestamps, generated files): publish the tarball of the first run instead.',
      packageName: name,
      details: { stored: stored ?? null, ours: ours ?? null },
    },
  );
}

/** npm refuses to move `latest` backwards implicitly (highest non-prerelease, non-deprecated version). */
function checkLatestDowngrade(
  packument: Packument | undefined,
  version: string,
  explicitTag: boolean,
  name: string,
): void {
  if (!packument || explicitTag) return;
  const candidates = [...packument.versions.values()]
    .filter((v) => !v.deprecated && !semver.prerelease(v.version))
    .map((v) => v.version);
  const highest = semver.maxSatisfying(candidates, '*');
  if (highest && semver.gte(highest, version)) {
    throw new TrustpubError(
      'CONFIG_LATEST_DOWNGRADE',
      `${name}@${version} would take the "latest" tag, but ${highest} is already published and higher.`,
      {
        hint: 'Publish older lines with an explicit dist-tag (for example --tag release-1.x, or publishConfig.tag).',
        packageName: name,
        details: { highest },
      },
    );
  }
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
