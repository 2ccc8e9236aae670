import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { discoverWorkspace, FIXES, TrustpubError, type CoreContext } from '@trustpub/core';

/** A package a trust command acts on: its name as given (if any), directory and package.json. */
export interface TrustCommandTarget {
  /** The name from the command line or the workspace; undefined means "package.json in cwd". */
  positional: string | undefined;
  dir: string;
  manifest: Record<string, unknown>;
  private: boolean;
}

/** package.json of `dir`, or `{}` (npm's trust commands treat a missing one as empty). */
export async function optionalManifest(dir: string): Promise<Record<string, unknown>> {
  try {
    const data = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The packages named on the command line, every workspace package (`--workspaces`, filtered by
 * the names when both are given), or the package in the current directory.
 */
export async function resolveTargets(
  cwd: string,
  names: string[],
  workspaces: boolean,
  ctx: CoreContext,
): Promise<{ targets: TrustCommandTarget[]; rootManifest: Record<string, unknown> }> {
  const rootManifest = await optionalManifest(cwd);
  if (workspaces) {
    const ws = await discoverWorkspace(cwd, ctx);
    const known = new Set(ws.packages.map((p) => p.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length) {
      throw new TrustpubError(
        'TRUST_INVALID_INPUT',
        `Not a package of this workspace: ${unknown.join(', ')}`,
        {
          hint: FIXES.TRUST_INVALID_INPUT.notInWorkspace({
            packages: `${[...known].slice(0, 5).join(', ')}${known.size > 5 ? ', ...' : ''}`,
          }),
        },
      );
    }
    const chosen = names.length ? ws.packages.filter((p) => names.includes(p.name)) : ws.packages;
    return {
      rootManifest,
      targets: chosen.map((p) => ({
        positional: p.name,
        dir: p.dir,
        manifest: { ...p.manifest },
        private: p.private,
      })),
    };
  }
  if (names.length) {
    return {
      rootManifest,
      targets: names.map((n) => ({
        positional: n,
        dir: cwd,
        manifest: rootManifest,
        private: false,
      })),
    };
  }
  return {
    rootManifest,
    targets: [
      {
        positional: undefined,
        dir: cwd,
        manifest: rootManifest,
        private: rootManifest.private === true,
      },
    ],
  };
}
