import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packPackage, type CoreContext, type WorkspaceIndex } from '@trustpub/core';

/** npm's tarball file name: `@scope/name` 1.0.0 is `scope-name-1.0.0.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/**
 * Packs each package through the core (the repository's package manager's file set, manifest, tar
 * conventions and lifecycle scripts, or `packAs`'s) into `tarballDir`, and returns the written path per
 * package name.
 */
export async function writeTarballs(
  dirs: readonly string[],
  tarballDir: string,
  workspace: WorkspaceIndex | undefined,
  pack: { packAs?: string | undefined; ignoreScripts?: boolean | undefined },
  ctx: CoreContext,
): Promise<Map<string, string>> {
  const out = path.resolve(ctx.cwd, tarballDir);
  await mkdir(out, { recursive: true });
  const written = new Map<string, string>();
  for (const dir of dirs) {
    const packed = await packPackage(
      dir,
      {
        ignoreScripts: pack.ignoreScripts,
        packAs: pack.packAs,
        ...(workspace ? { workspace } : {}),
      },
      ctx,
    );
    const file = path.join(out, tarballName(packed.manifest.name, packed.manifest.version));
    await writeFile(file, packed.tarball);
    written.set(packed.manifest.name, file);
    ctx.logger.info(
      `Packed ${packed.manifest.name}@${packed.manifest.version} into ${path.relative(ctx.cwd, file)}.`,
    );
  }
  return written;
}
