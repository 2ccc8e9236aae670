import path from 'node:path';
import { isTrustpubError } from '../errors/index.js';
import type { CoreContext, Finding, WorkspaceIndex } from '../kernel/index.js';
import { allowedFiles, listPackFiles, scanFiles } from '../pack/index.js';
import { secretError } from '../publish/index.js';
import { mapLimit } from '../kernel/index.js';

/**
 * The secret scan of the preflight and doctor: every file each package would publish (npm-packlist's
 * set, read from disk, no scripts run) is scanned before anything is packed or uploaded, so one package
 * carrying a key stops the whole release. Files that pack-time scripts generate are scanned again in
 * the tarball by the publish itself.
 */
export async function diagnoseSecrets(
  packages: readonly { name: string; version: string; dir?: string }[],
  input: {
    allowFiles?: readonly string[] | undefined;
    workspace?: WorkspaceIndex | undefined;
    packAs?: string | undefined;
  },
  ctx: CoreContext,
): Promise<Finding[]> {
  const found = await mapLimit(
    packages.filter((p) => p.dir),
    8,
    async (pkg): Promise<Finding | undefined> => {
      let listed: { dir: string; files: string[] };
      try {
        listed = await listPackFiles(
          pkg.dir as string,
          { workspace: input.workspace, packAs: input.packAs },
          ctx,
        );
      } catch (error) {
        if (!isTrustpubError(error)) throw error;
        return undefined; // packing reports it with its own code
      }
      const allow = allowedFiles(input.allowFiles, {
        cwd: ctx.cwd,
        packDir: path.resolve(listed.dir),
      });
      const hits = await scanFiles(listed.dir, listed.files, allow ? { allow } : {});
      if (!hits.length) return undefined;
      const error = secretError(`${pkg.name}@${pkg.version}`, hits, pkg.name);
      return {
        code: error.code,
        severity: 'error',
        packageName: pkg.name,
        message: error.message.replace(' Nothing was uploaded for it.', ''),
        hint: error.hint,
        ...(error.details ? { details: error.details } : {}),
      };
    },
  );
  return found.filter((f): f is Finding => f !== undefined);
}
