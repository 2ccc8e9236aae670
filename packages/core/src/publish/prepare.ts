import { resolve } from 'node:path';
import type { Access, CoreContext, PackedPackage } from '../kernel/index.js';
import { packPackage, readTarball } from '../pack/index.js';
import { readManifest } from '../workspace/index.js';
import {
  loadNpmConfig,
  checkTokenTransport,
  normalizeRegistry,
  pickRegistry,
  type NpmConfig,
} from '../registry/index.js';
import { checkPublishable, resolveAccess, resolveTag, type ResolvedTag } from './checks.js';
import type { PublishPackageOptions, PublishStep } from './options.js';
import { refuseSecrets } from './secret-check.js';

/** Runs one step of a publish; a release passes its own to bound how many run at once. */
export type StepRunner = <T>(run: () => Promise<T>, kind: PublishStep) => Promise<T>;

/** What a publish knows once the package is packed and checked: what goes where, with which tag. */
export interface PreparedPublish {
  options: PublishPackageOptions;
  step: StepRunner;
  packed: PackedPackage;
  tag: ResolvedTag;
  access: Access | null;
  config: NpmConfig;
  registry: string;
}

/**
 * Packs the package (or reads the given tarball) and checks it before anything is sent: the manifest is
 * checked before any script runs and again after packing (scripts may change it), then scanned for
 * secrets; picks the registry as npm does. `seen` learns the name and version as soon as they are known.
 */
export async function preparePublish(
  given: PublishPackageOptions,
  ctx: CoreContext,
  seen: { name?: string; version?: string },
): Promise<PreparedPublish> {
  // Relative paths are relative to the context's working directory, never the process's.
  const options: PublishPackageOptions = {
    ...given,
    dir: resolve(ctx.cwd, given.dir),
    ...(given.tarball ? { tarball: resolve(ctx.cwd, given.tarball) } : {}),
  };
  const step: StepRunner = options.step ?? ((run) => run());
  const source = options.tarball ? undefined : await readManifest(options.dir);
  if (source) {
    Object.assign(seen, { name: source.name, version: source.version });
    checkPublishable(source, {
      tag: resolveTag(source, options.tag),
      access: resolveAccess(source, options.access),
    });
  }
  // npm reads its settings once, before any script runs; the pack's `ignore-scripts` and the registry
  // below come from the same read (each read climbs the folders and parses the .npmrc files again).
  const config = await loadNpmConfig(options.dir, ctx, options.npmConfigReads);
  const packed: PackedPackage = await step(
    () =>
      options.tarball
        ? readTarball(options.tarball)
        : packPackage(
            options.dir,
            {
              ignoreScripts: options.ignoreScripts,
              workspace: options.workspace,
              listedFiles: options.listedFiles,
              purpose: 'publish',
              packAs: options.packAs,
              npmConfig: config,
            },
            ctx,
          ),
    'pack',
  );
  const { name, version } = packed.manifest;
  Object.assign(seen, { name, version });
  const tag = resolveTag(packed.manifest, options.tag);
  const access = resolveAccess(packed.manifest, options.access);
  checkPublishable(packed.manifest, { tag, access });
  await refuseSecrets(packed, { dir: options.dir, allowFiles: options.allowFiles }, ctx);

  const registry = options.registry
    ? normalizeRegistry(options.registry, 'the registry option')
    : pickRegistry(name, packed.manifest, config);
  // Tokens go there next: refuse plain http to another machine before reading from it.
  checkTokenTransport(registry, `the registry for ${name}`);
  ctx.logger.info(
    `Publishing ${name}@${version} to ${registry} with tag ${tag.tag} and ${access ?? 'default'} access${options.dryRun ? ' (dry-run)' : ''}`,
  );
  return { options, step, packed, tag, access, config, registry };
}
