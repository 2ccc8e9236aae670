import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CoreContext, PackedPackage, WorkspaceIndex } from '../kernel/index.js';
import type { NpmConfig } from '../registry/index.js';
import { TrustpubError, isTrustpubError, FIXES } from '../errors/index.js';
import { runLifecycle } from './lifecycle.js';
import {
  readManifestFile,
  type Manifest,
  needsWorkspace,
  toPublishManifest,
  findWorkspaceOf,
} from '../workspace/index.js';
import { packedManifestText, publishConfigOverrides } from './manager-manifest.js';
import { lifecyclePlan, locatePack, packAsManager, scriptsIgnored } from './pack-as.js';
import {
  npmWorkspacePrefix,
  packFailed,
  publishDirectory,
  warnGitignoreFallback,
} from './pack-dirs.js';
import { createTarball, listTarball, tarballDigests } from './tarball.js';
import { packLibs } from './libs.js';
import { prepareManifest } from './prepare-manifest.js';
import { rememberTarballScan } from './secret-scan.js';
import { buildPackTree } from './tree.js';
import { listingBasis } from './list-files.js';

export interface PackOptions {
  /** Skip every lifecycle script; when undefined, npm's `ignore-scripts` setting decides (env, .npmrc). */
  ignoreScripts?: boolean | undefined;
  /** For `workspace:` / `catalog:` ranges; found by walking up from `dir` when omitted and needed. */
  workspace?: WorkspaceIndex | undefined;
  /** `publish` (default) also runs the manager's publish-only scripts first; `pack` as its `pack`. */
  purpose?: 'publish' | 'pack';
  /** Pack as this manager (`npm`, `pnpm`, `yarn`, `bun`, optionally `@<major>`) instead of detecting it. */
  packAs?: string | undefined;
  /** npm's settings for `dir` when the caller already loaded them (a publish reads them once per package). */
  npmConfig?: NpmConfig | undefined;
  /** npm's file list for the publish directory, taken earlier in the run (used when no script ran since). */
  listedFiles?: { dir: string; files: readonly string[] } | undefined;
}

/**
 * Packs the package in `dir` as the workspace's own package manager would (`detectPackManager`):
 * npm (the npm-packlist 10 file set, pacote's tar conventions, byte-identical to `npm pack`), pnpm, yarn
 * 4 or bun (their package.json, files, modes and mtimes: see `packAsManager`), with that manager's
 * lifecycle scripts ({@link lifecyclePlan}) unless scripts are ignored (the option, else npm's
 * `ignore-scripts`). `publishConfig.directory` (which npm itself ignores; changesets and pnpm publish
 * that folder) packs that folder, after the package's own scripts ran. `workspace:` and `catalog:`
 * ranges are replaced. The returned manifest is the one npm publishes: for npm prepared from the folder
 * (`@npmcli/package-json` fix + prepare: readme, `_id`, normalized bin, gitHead, ...), for the other
 * managers read from the packed package.json as npm reads a tarball.
 * @throws TrustpubError `CONFIG_MANIFEST_*`, `CONFIG_INVALID_*`, `CONFIG_WORKSPACE_*`,
 *   `CONFIG_CATALOG_ENTRY_UNKNOWN`, `PACK_LIFECYCLE_SCRIPT_FAILED`, `PACK_FAILED`.
 */
export async function packPackage(
  dir: string,
  options: PackOptions,
  ctx: CoreContext,
): Promise<PackedPackage> {
  // A listing taken earlier for this folder with the same options brings the manifest, workspace,
  // manager and npm tree it was taken with (see `listingBasis`).
  const reuse = listingBasis(options.listedFiles, path.resolve(ctx.cwd, dir), options);
  const {
    sourceDir,
    source,
    workspace: found,
    manager,
  } = reuse?.site ?? (await locatePack(dir, options, ctx));
  const purpose = options.purpose ?? 'publish';
  const scripts = !(await scriptsIgnored(sourceDir, options.ignoreScripts, ctx, options.npmConfig));
  const plan = lifecyclePlan(manager, purpose);
  const npmCommand = { npm_command: purpose };
  const defined = source.manifest.scripts as Record<string, unknown> | undefined;
  const ranScripts = scripts && plan.before.some((event) => typeof defined?.[event] === 'string');
  const ranAfter = scripts && plan.after.some((event) => typeof defined?.[event] === 'string');
  if (scripts)
    for (const event of plan.before)
      await runLifecycle(sourceDir, event, source.manifest, ctx, npmCommand);
  // Scripts may rewrite package.json (versions, publishConfig); npm reads it again after them.
  const current = ranScripts ? await readManifestFile(sourceDir) : source;
  const packDir = publishDirectory(sourceDir, current.manifest);
  const packed = packDir === sourceDir ? current : await readManifestFile(packDir);
  const workspace =
    found.index ??
    (needsWorkspace(packed.manifest) ? (await findWorkspaceOf(sourceDir, ctx))?.index : undefined);
  const rangeOptions = { workspace, dir: sourceDir };
  const replaced = toPublishManifest(packed.manifest, rangeOptions);
  if (manager.name === 'npm') {
    for (const key of publishConfigOverrides(packed.manifest)) {
      ctx.logger.warn(
        `${packed.manifest.name}: publishConfig.${key} is not applied; npm publishes the manifest's own "${key}" (pnpm and yarn copy publishConfig fields; pass --pack-as pnpm or yarn if that is how this package is published). Set "${key}" itself if that value should be published.`,
      );
    }
  }

  let tarball: Buffer;
  try {
    if (manager.name === 'npm') {
      // A list taken earlier is still the set when no script could have written files since.
      const listed = options.listedFiles;
      const fresh = listed && !ranScripts && path.resolve(listed.dir) === packDir;
      const tree = (fresh ? reuse?.tree : undefined) ?? (await buildPackTree(packDir));
      await warnGitignoreFallback(packDir, tree.package, ctx);
      const files = fresh ? [...listed.files] : await listFiles(tree, packDir, workspace);
      const text = packedManifestText(manager, packed.manifest, packed.text, replaced);
      tarball = await createTarball(packDir, files, tree.package, text);
    } else {
      tarball = await packAsManager(manager, packDir, found, packed, replaced);
    }
  } catch (error) {
    throw packFailed(error, packDir, packed.manifest.name, ctx);
  }
  const digests = tarballDigests(tarball);
  if (scripts) {
    for (const event of plan.after) {
      await runLifecycle(sourceDir, event, current.manifest, ctx, {
        ...npmCommand,
        npm_package_from: sourceDir,
        npm_package_resolved: sourceDir,
        npm_package_integrity: digests.integrity,
      });
    }
  }
  const listing = await listTarball(tarball, [], { scan: true });
  rememberTarballScan(tarball, listing.hits);
  const manifest =
    manager.name === 'npm'
      ? toPublishManifest(
          await prepareManifest(packDir, true, ranScripts || ranAfter ? undefined : packed),
          rangeOptions,
        )
      : await manifestOfTarball(tarball);
  ctx.logger.debug(
    `packed ${manifest.name}@${manifest.version} as ${manager.name}: ${listing.files.length} files, ${tarball.length} bytes`,
  );
  return {
    manifest,
    tarball,
    ...digests,
    files: listing.files,
    packedAs: manager.name,
    afterPublish: scripts ? plan.afterPublish : [],
  };
}

/** npm-packlist's file set for `packDir`, inside its npm workspace when it is listed in one. */
async function listFiles(
  tree: Awaited<ReturnType<typeof buildPackTree>>,
  packDir: string,
  workspace: WorkspaceIndex | undefined,
): Promise<string[]> {
  const prefix = await npmWorkspacePrefix(packDir, workspace);
  const { packlist } = await packLibs();
  return packlist(tree, { path: packDir, ...(prefix ? { prefix, workspaces: [packDir] } : {}) });
}

/**
 * Reads an already-built tarball to publish it as is: the manifest as npm reads it from a tarball
 * (extracted, `@npmcli/package-json` prepare), the integrity of the exact bytes, the file list.
 * @throws TrustpubError `PACK_TARBALL_INVALID` when the file cannot be read, is not a tar(.gz) archive,
 *   or holds no valid package.json.
 */
export async function readTarball(file: string): Promise<PackedPackage> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    throw invalidTarball(
      file,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      error,
    );
  }
  try {
    const listing = await listTarball(data);
    if (!listing.files.some((f) => f.path === 'package.json'))
      throw new Error('it holds no package.json at its top level');
    const manifest = await manifestOfTarball(data);
    return { manifest, tarball: data, ...tarballDigests(data), files: listing.files };
  } catch (error) {
    if (isTrustpubError(error)) throw error;
    throw invalidTarball(
      file,
      `is not a valid package tarball: ${(error as Error).message}`,
      error,
    );
  }
}

/** The manifest npm publishes for a tarball: its package.json, extracted, after `prepare`. */
async function manifestOfTarball(data: Buffer): Promise<Manifest> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'trustpub-tarball-'));
  try {
    const { tar } = await packLibs();
    await new Promise<void>((resolve, reject) => {
      const x = tar.extract({ cwd: tmp, strip: 1, strict: true });
      x.on('error', reject);
      x.on('close', () => resolve());
      x.end(data);
    });
    return await prepareManifest(tmp, false);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function invalidTarball(file: string, why: string, cause: unknown): TrustpubError {
  return new TrustpubError('PACK_TARBALL_INVALID', `The tarball ${file} ${why}.`, {
    hint: FIXES.PACK_TARBALL_INVALID.tarball,
    cause,
  });
}
