import path from 'node:path';
import { isTrustpubError, type TrustpubError } from '../errors/index.js';
import type { CoreContext, Finding, WorkspaceIndex } from '../kernel/index.js';
import { allowedFiles, listPackFiles, scanFiles } from '../pack/index.js';
import { secretError } from '../publish/index.js';
import { mapLimit } from '../kernel/index.js';

/**
 * How the scan of a package's real tarball ended: clean, the `PACK_SECRET_FOUND` error, or not scanned
 * (held before packing, or stopped by another check first).
 */
export type PackedScan = 'clean' | 'not-scanned' | TrustpubError;

/**
 * The secret scan of the preflight and doctor: every file each package would publish (npm-packlist's
 * set, read from disk, no scripts run) is scanned before anything is packed or uploaded, so one package
 * carrying a key stops the whole release. Files that pack-time scripts generate are scanned again in
 * the tarball by the publish itself. A package the release packs before the verdict anyway is judged by
 * the scan of its real tarball instead (`packedScan`): the same rules over the same files, one walk.
 */
export async function diagnoseSecrets(
  packages: readonly { name: string; version: string; dir?: string }[],
  input: {
    allowFiles?: readonly string[] | undefined;
    workspace?: WorkspaceIndex | undefined;
    packAs?: string | undefined;
    packedScan?: ((packageName: string) => Promise<PackedScan> | undefined) | undefined;
  },
  ctx: CoreContext,
): Promise<Finding[]> {
  const found = await mapLimit(
    packages.filter((p) => p.dir),
    8,
    async (pkg): Promise<Finding | undefined> => {
      const packed = await input.packedScan?.(pkg.name);
      if (packed === 'clean') return undefined;
      if (packed && packed !== 'not-scanned') return secretFinding(packed);
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
      return secretFinding(secretError(`${pkg.name}@${pkg.version}`, hits, pkg.name));
    },
  );
  return found.filter((f): f is Finding => f !== undefined);
}

/** The preflight's finding for a package with secrets (the verdict, not the upload, stops it). */
function secretFinding(error: TrustpubError): Finding {
  return {
    code: error.code,
    severity: 'error',
    ...(error.packageName ? { packageName: error.packageName } : {}),
    message: error.message.replace(' Nothing was uploaded for it.', ''),
    hint: error.hint,
    ...(error.details ? { details: error.details } : {}),
  };
}
