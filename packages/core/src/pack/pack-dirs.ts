import { readdirSync } from 'node:fs';
import path from 'node:path';
import { TrustpubError, isTrustpubError, FIXES } from '../errors/index.js';
import type { CoreContext, WorkspaceIndex } from '../kernel/index.js';
import type { Manifest } from '../workspace/index.js';
import { findNpmWorkspaceRoot } from './tree.js';
import { isWorkspaceFolder, rootPrefix, workspaceFolders } from './workspace-folders.js';

/**
 * npm packs a workspace package with `prefix` = the npm workspace root (a package.json with
 * "workspaces" listing it). A given index answers that without globbing every time; without one
 * npm's own upward search is repeated.
 */
export async function npmWorkspacePrefix(
  packDir: string,
  workspace: WorkspaceIndex | undefined,
): Promise<string | undefined> {
  if (!workspace || !isWorkspaceFolder(workspaceFolders(workspace), packDir))
    return findNpmWorkspaceRoot(packDir);
  return rootPrefix(workspace.root);
}

export function publishDirectory(sourceDir: string, manifest: Manifest): string {
  const publishConfig = manifest.publishConfig as Record<string, unknown> | undefined;
  const directory = publishConfig?.directory;
  if (directory === undefined) return sourceDir;
  if (typeof directory !== 'string' || directory.trim() === '') {
    throw new TrustpubError(
      'CONFIG_MANIFEST_INVALID',
      `${manifest.name}: publishConfig.directory must be a non-empty string.`,
      {
        hint: FIXES.CONFIG_MANIFEST_INVALID.publishDirectory,
        packageName: manifest.name,
      },
    );
  }
  return path.resolve(sourceDir, directory);
}

/** npm-packlist's own warning (npm prints it; its proc-log call reaches nobody in trustpub). */
// eslint-disable-next-line @typescript-eslint/require-await -- a promise is the contract; the reads inside are sync on purpose
export async function warnGitignoreFallback(
  dir: string,
  pkg: Record<string, unknown>,
  ctx: CoreContext,
): Promise<void> {
  if (pkg.files !== undefined) return;
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    // an unreadable folder is reported by the pack itself
  }
  if (entries.includes('.gitignore') && !entries.includes('.npmignore')) {
    ctx.logger.warn(
      `${String(pkg.name)}: no .npmignore file found, using .gitignore for file exclusion (as npm does). Consider a .npmignore or "files" to control the published files explicitly.`,
    );
  }
}

export function packFailed(
  error: unknown,
  dir: string,
  name: string,
  ctx: CoreContext,
): TrustpubError {
  if (isTrustpubError(error)) return error;
  return new TrustpubError(
    'PACK_FAILED',
    `Packing ${name} in ${dir} failed: ${ctx.secrets.redact((error as Error).message)}`,
    {
      hint: FIXES.PACK_FAILED,
      packageName: name,
      cause: error,
    },
  );
}
