import path from 'node:path';
import { discoverWorkspace } from '@trustpub/core';
import type { ReleaseContext } from './release-context.js';
import type { RunState } from './run-state.js';
import { writeTarballs } from './write-tarballs.js';
import { writeVersion } from './write-version.js';

/**
 * semantic-release's prepare step: the release version into package.json (and the lock file; in
 * workspaces mode into every publishable package and the ranges pointing at them), then, with
 * `tarballDir`, the tarballs the publish step will upload.
 */
export async function prepareRelease(state: RunState, context: ReleaseContext): Promise<void> {
  const version = context.nextRelease?.version;
  if (!version) return;
  const { options, ctx } = state;
  await writeVersion(options, version, ctx);
  state.preparedVersion = version;
  if (!options.tarballDir) return;
  if (options.workspaces) {
    const ws = await discoverWorkspace(ctx.cwd, ctx);
    const dirs = ws.packages.filter((p) => !p.private).map((p) => p.dir);
    // The index is re-read after the version bump so `workspace:` ranges resolve to the new version.
    const written = await writeTarballs(dirs, options.tarballDir, ws.index, options, ctx);
    for (const [name, file] of written) state.tarballs.set(name, file);
  } else {
    const written = await writeTarballs(
      [path.resolve(ctx.cwd, options.pkgRoot)],
      options.tarballDir,
      undefined,
      options,
      ctx,
    );
    for (const [name, file] of written) state.tarballs.set(name, file);
  }
}
