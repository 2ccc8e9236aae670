import path from 'node:path';
import {
  discoverWorkspace,
  loadNpmConfig,
  pickRegistry,
  readManifest,
  type CoreContext,
  type DiagnosePackage,
} from '@trustpub/core';
import type { PluginOptions } from './options.js';

/** One package this run publishes. */
export interface Target extends DiagnosePackage {
  dir: string;
}

/**
 * The packages the run will publish: the package at `pkgRoot`, or every non-private workspace package
 * in workspaces mode. Registries are the ones npm would pick (or the `registry` option); whether each
 * package exists is left to the diagnosis: its exchange check looks the package up when the registry
 * answers 404, and reports a first publish (which cannot be token-free) before anything is tagged.
 */
export async function resolveTargets(options: PluginOptions, ctx: CoreContext): Promise<Target[]> {
  const config = await loadNpmConfig(ctx.cwd, ctx);
  const candidates = options.workspaces
    ? (await discoverWorkspace(ctx.cwd, ctx)).packages.filter((p) => !p.private)
    : await single(path.resolve(ctx.cwd, options.pkgRoot));
  const targets: Target[] = candidates.map((p) => ({
    name: p.name,
    version: p.version,
    dir: p.dir,
    manifest: p.manifest,
    registry: options.registry ?? pickRegistry(p.name, p.manifest, config),
  }));
  return targets;
}

async function single(dir: string) {
  const manifest = await readManifest(dir);
  return manifest.private === true
    ? []
    : [{ name: manifest.name, version: manifest.version, dir, manifest }];
}
