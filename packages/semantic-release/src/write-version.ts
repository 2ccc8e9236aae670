import path from 'node:path';
import { discoverWorkspace, type CoreContext } from '@trustpub/core';
import { bumpDependencyRanges } from './bump-ranges.js';
import { editJsonFile } from './json-file.js';
import type { PluginOptions } from './options.js';

const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json'];

/**
 * Writes the release version where `npm version --no-git-tag-version` would: the package's
 * package.json and the lock file entry for it. In workspaces mode every non-private workspace package
 * gets the version, and every internal range pointing at one of them (in any workspace package, the
 * root, and the lock) moves with it, keeping `workspace:` prefixes. Returns the files changed.
 */
export async function writeVersion(
  options: PluginOptions,
  version: string,
  ctx: CoreContext,
): Promise<string[]> {
  const root = path.resolve(ctx.cwd);
  const changed: string[] = [];
  const edit = async (file: string, fn: (data: Record<string, unknown>) => boolean) => {
    if (await editJsonFile(file, fn)) changed.push(path.relative(root, file) || file);
  };
  // dir -> whether it gets the new version; ranges are moved in all of them
  const dirs = new Map<string, boolean>();
  const released = new Map<string, string>();
  if (options.workspaces) {
    const ws = await discoverWorkspace(root, ctx);
    dirs.set(root, false);
    for (const p of ws.packages) {
      dirs.set(path.resolve(p.dir), !p.private);
      if (!p.private) released.set(p.name, version);
    }
  } else {
    dirs.set(path.resolve(root, options.pkgRoot), true);
  }
  const apply = (bump: boolean) => (data: Record<string, unknown>) => {
    let did = bumpDependencyRanges(data, released);
    if (bump && data.version !== version) {
      data.version = version;
      did = true;
    }
    return did;
  };
  for (const [dir, bump] of dirs) await edit(path.join(dir, 'package.json'), apply(bump));
  for (const lock of LOCK_FILES) {
    await edit(path.join(root, lock), (data) => {
      let did = false;
      if (dirs.get(root) && typeof data.version === 'string' && data.version !== version) {
        data.version = version;
        did = true;
      }
      const packages =
        data.packages && typeof data.packages === 'object'
          ? (data.packages as Record<string, Record<string, unknown>>)
          : {};
      for (const [key, entry] of Object.entries(packages)) {
        const bump = dirs.get(path.resolve(root, key));
        if (bump === undefined || !entry || typeof entry !== 'object') continue;
        did = apply(bump)(entry) || did;
      }
      return did;
    });
  }
  ctx.logger.info(
    `Wrote version ${version} to ${changed.length ? changed.join(', ') : '(nothing changed)'}.`,
  );
  return changed;
}
