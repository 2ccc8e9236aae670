import path from 'node:path';
import type { CoreContext, WorkspaceIndex } from '../kernel/index.js';
import { readManifestFile, toPublishManifest } from '../workspace/index.js';
import { managerPackEntries } from './manager-files.js';
import { packedManifestText } from './manager-manifest.js';
import { packLibs } from './libs.js';
import { locatePack } from './pack-as.js';
import { npmWorkspacePrefix, packFailed, publishDirectory } from './pack-dirs.js';
import { buildPackTree } from './tree.js';

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
  const { sourceDir, source, workspace: found, manager } = await locatePack(dir, options, ctx);
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
    return { dir: packDir, files };
  } catch (error) {
    throw packFailed(error, packDir, source.manifest.name, ctx);
  }
}
