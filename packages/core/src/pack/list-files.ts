import path from 'node:path';
import type { CoreContext, WorkspaceIndex } from '../kernel/index.js';
import { readManifestFile, toPublishManifest } from '../workspace/index.js';
import { managerPackEntries } from './manager-files.js';
import { packedManifestText } from './manager-manifest.js';
import { packLibs } from './libs.js';
import { locatePack, type PackSite } from './pack-as.js';
import { npmWorkspacePrefix, packFailed, publishDirectory } from './pack-dirs.js';
import { buildPackTree } from './tree.js';

/** What a listing was taken with: the options, the package's site and npm's tree of it. */
interface ListingBasis {
  options: { workspace?: WorkspaceIndex | undefined; packAs?: string | undefined };
  site: PackSite;
  tree: Awaited<ReturnType<typeof buildPackTree>>;
}

/**
 * The basis of each listing `listPackFiles` returned, by the listing's identity. A pack that is handed a
 * listing (a release does that only when no script of any of its packages can run, so nothing has
 * changed the folder since) starts from it instead of reading the manifests and the folder again.
 */
const bases = new WeakMap<object, ListingBasis>();

/**
 * The site and tree `listed` was taken with, when it came from `listPackFiles` for npm's rules, for the
 * folder `dir` and with the same workspace and `packAs` as `options`.
 */
export function listingBasis(
  listed: object | undefined,
  dir: string,
  options: { workspace?: WorkspaceIndex | undefined; packAs?: string | undefined },
): Pick<ListingBasis, 'site' | 'tree'> | undefined {
  const basis = listed ? bases.get(listed) : undefined;
  if (
    !basis ||
    basis.site.sourceDir !== dir ||
    basis.options.workspace !== options.workspace ||
    basis.options.packAs !== options.packAs
  )
    return undefined;
  return basis;
}

/**
 * The files a pack would put into the tarball (the same manager's rules as `packPackage`,
 * `publishConfig.directory` honoured), without running scripts or building it: what the preflight scans
 * for secrets before anything is packed. `dir` is the folder they are relative to (the publish
 * directory); files a manager takes from elsewhere (pnpm's workspace LICENSE) are not listed.
 */
export async function listPackFiles(
  dir: string,
  options: { workspace?: WorkspaceIndex | undefined; packAs?: string | undefined },
  ctx: CoreContext,
): Promise<{ dir: string; files: string[] }> {
  const site = await locatePack(dir, options, ctx);
  const { sourceDir, source, workspace: found, manager } = site;
  const packDir = publishDirectory(sourceDir, source.manifest);
  try {
    if (manager.name !== 'npm') {
      const packed = packDir === sourceDir ? source : await readManifestFile(packDir);
      const replaced = toPublishManifest(packed.manifest, {
        workspace: found.index,
        dir: sourceDir,
      });
      const text = packedManifestText(manager, packed.manifest, packed.text, replaced)!;
      const site = { packDir, workspaceRoot: found.root, workspaceDirs: found.dirs };
      const exported = JSON.parse(text) as Record<string, unknown>;
      const entries = await managerPackEntries(manager, site, packed.manifest, exported);
      const files = entries
        .filter((e) => e.source === path.join(packDir, e.name))
        .map((e) => e.name);
      return { dir: packDir, files };
    }
    const tree = await buildPackTree(packDir);
    const prefix = await npmWorkspacePrefix(packDir, options.workspace);
    const { packlist } = await packLibs();
    const files = await packlist(tree, {
      path: packDir,
      ...(prefix ? { prefix, workspaces: [packDir] } : {}),
    });
    const listed = { dir: packDir, files };
    bases.set(listed, { options, site, tree });
    return listed;
  } catch (error) {
    throw packFailed(error, packDir, source.manifest.name, ctx);
  }
}
