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
      let scan = (await input.packedScan?.(pkg.name)) ?? 'not-scanned';
      if (scan === 'not-scanned') scan = await scanPackFiles(pkg, input, ctx);
      return scan === 'clean' || scan === 'not-scanned' ? undefined : secretFinding(scan);
    },
  );
  return found.filter((f): f is Finding => f !== undefined);
}

/**
 * The secret scan of the files a package would publish, listed and read from disk (no scripts run):
 * clean, the `PACK_SECRET_FOUND` error, or not scanned when the files cannot be listed (packing then
 * reports why, with its own code).
 */
async function scanPackFiles(
  pkg: { name: string; version: string; dir?: string | undefined },
  input: ScanInput & { workspace?: WorkspaceIndex | undefined; packAs?: string | undefined },
  ctx: CoreContext,
): Promise<PackedScan> {
  if (!pkg.dir) return 'not-scanned';
  let listed: ListedFiles;
  try {
    listed = await listPackFiles(
      pkg.dir,
      { workspace: input.workspace, packAs: input.packAs },
      ctx,
    );
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    return 'not-scanned';
  }
  return scanListedFiles(pkg, listed, input, ctx);
}

/** The files of a package as `listPackFiles` gives them: relative to `dir`, its publish directory. */
export interface ListedFiles {
  dir: string;
  files: string[];
}

interface ScanInput {
  allowFiles?: readonly string[] | undefined;
}

/** The secret scan of files already listed (see `scanPackFiles`). */
export async function scanListedFiles(
  pkg: { name: string; version: string },
  listed: ListedFiles,
  input: ScanInput,
  ctx: CoreContext,
): Promise<PackedScan> {
  const allow = allowedFiles(input.allowFiles, { cwd: ctx.cwd, packDir: path.resolve(listed.dir) });
  const hits = await scanFiles(listed.dir, listed.files, allow ? { allow } : {});
  return hits.length ? secretError(`${pkg.name}@${pkg.version}`, hits, pkg.name) : 'clean';
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
