import path from 'node:path';
import {
  type Access,
  type CoreContext,
  type IdTokenCache,
  mapLimit,
  definedFields,
  type SkipReason,
  type WorkspaceIndex,
} from '../kernel/index.js';
import { detectCi } from '../oidc/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import {
  loadNpmConfig,
  checkTokenTransport,
  pickRegistry,
  type Packument,
} from '../registry/index.js';
import {
  readManifest,
  discoverWorkspace,
  findWorkspaceOf,
  type Workspace,
} from '../workspace/index.js';
import { chunkByDependencies } from './chunks.js';
import { EXCHANGE_CONCURRENCY, ReleaseExchanges } from './exchanges.js';
import { lookup } from './lookup.js';
import { ReleaseScans, type ScanSettings } from './scans.js';
import { releaseSteps } from './steps.js';

export interface PlanReleaseOptions {
  /** The repository (workspace) root. */
  root: string;
  /** Restrict the release to these packages (names, or directories relative to `root`); all when absent. */
  packages?: readonly string[];
  tag?: string;
  access?: Access;
  provenance?: boolean;
  /** Overrides the registry npm would pick for every package. */
  registry?: string;
  /** How many packument requests run at once (default 32: reads only, like the preflight's exchanges). */
  lookupConcurrency?: number;
  /**
   * The CI's ID tokens: in a CI job, each package's token exchange then starts as soon as its packument
   * read shows it is to be published, while other packages are still being read (`ReleasePlan.exchanges`).
   * Only for a plan that is run: the release's preflight checks those answers and the uploads use them.
   */
  idTokens?: IdTokenCache;
  /**
   * For a plan run with the preflight: each package's secret scan from disk starts as soon as its read
   * shows it is to be published (`ReleasePlan.scans`), with the settings the run will use.
   */
  scan?: ScanSettings;
}

/** One package the release will publish. */
export interface PlannedPackage {
  name: string;
  version: string;
  dir: string;
  registry: string;
  manifest: Readonly<Record<string, unknown>>;
  /** Whether the registry knows the package at all (false: first publish, which OIDC cannot do). */
  existsOnRegistry: boolean | undefined;
  /** What the plan's packument read found (undefined: 404, or unreadable without a token). */
  packument?: Packument | undefined;
  /** This package's dist-tag and access when a face decides them per package (over the plan's). */
  tag?: string | undefined;
  access?: Access | undefined;
  /** A tarball packed earlier (`changeset pack`), published as is instead of packing `dir`. */
  tarball?: string | undefined;
}

export interface PlanSkip {
  name: string;
  version?: string;
  reason: SkipReason;
  message: string;
}

/** What a release will do, before anything is sent. */
export interface ReleasePlan {
  root: string;
  /** The registry of the first package (or the override); each package carries its own. */
  registry: string;
  workspace: WorkspaceIndex;
  /** Chunks in publish order; packages within a chunk do not depend on each other. */
  chunks: PlannedPackage[][];
  /** Versions the registry already has: nothing to do. */
  alreadyPublished: { name: string; version: string; registry: string; integrity: string }[];
  /** Packages left out (private). */
  skipped: PlanSkip[];
  tag?: string;
  access?: Access;
  provenance?: boolean;
  /** The exchanges started while planning (with `PlanReleaseOptions.idTokens` in a CI job). */
  exchanges?: ReleaseExchanges;
  /** The preflight's secret scans started while planning (with `PlanReleaseOptions.scan`). */
  scans?: ReleaseScans;
}

interface Candidate {
  name: string;
  version: string;
  dir: string;
  manifest: Readonly<Record<string, unknown>>;
  private: boolean;
}

/** How long after the plan's reads are issued the packing libraries start loading. */
const PRELOAD_DELAY_MS = 15;

/**
 * Plans a release: the publishable set is the selected non-private workspace packages whose version the
 * registry does not have yet (one packument GET each, concurrently), ordered into dependency chunks.
 * Throws `RELEASE_DEPENDENCY_CYCLE` for a cycle and `RELEASE_NO_PACKAGES` when nothing matches the selection.
 */
export async function planRelease(
  options: PlanReleaseOptions,
  ctx: CoreContext,
): Promise<ReleasePlan> {
  const root = path.resolve(ctx.cwd, options.root);
  const ws = await workspaceFor(root, Boolean(options.packages?.length), ctx);
  const candidates = await select(ws?.packages ?? [], options.packages, root);
  const config = await loadNpmConfig(root, ctx);
  const skipped: PlanSkip[] = [];
  const publishable: Candidate[] = [];
  for (const c of candidates) {
    if (c.private)
      skipped.push({
        name: c.name,
        version: c.version,
        reason: 'private',
        message: `${c.name} is private ("private": true); it is never published.`,
      });
    else publishable.push(c);
  }
  const ci = options.idTokens ? detectCi(ctx) : undefined;
  const exchanges =
    ci && options.idTokens
      ? new ReleaseExchanges(ci, options.idTokens, EXCHANGE_CONCURRENCY, ctx)
      : undefined;
  const workspace = ws?.index ?? { root, packages: new Map(), catalogs: new Map() };
  const scans = options.scan ? new ReleaseScans(options.scan, workspace, ctx) : undefined;
  let answered = false;
  const reading = mapLimit(publishable, options.lookupConcurrency ?? 32, async (c) => {
    const registry = options.registry ?? pickRegistry(c.name, c.manifest, config);
    // Publishing sends the ID token and exchanged tokens there: refuse plain http to another machine
    // before even reading from it.
    checkTokenTransport(registry, `the registry for ${c.name}`);
    const state = await lookup(c.name, c.version, registry, ctx);
    answered = true;
    // Not for a version already there, nor for a package the registry does not have (an exchange for it
    // is refused; the preflight says why without asking).
    if (state.kind === 'package-exists' || state.kind === 'unknown')
      exchanges?.start(c.name, registry);
    // Listing and reading its files overlaps with the reads and exchanges still travelling.
    if (state.kind !== 'version-exists') scans?.start(c);
    return { ...c, registry, state };
  });
  // The release's steps and npm's packing libraries load while the reads travel: nothing needed them
  // before. Not at once: the reads' connects and writes take a few turns of the event loop, and the load
  // (synchronous module evaluation) started here held them back by that much. The scans then use what is
  // left of the reads' round trip, until the first answer.
  setTimeout(() => {
    releaseSteps()
      .then(({ pack }) => {
        pack.preloadPackLibs();
        return scans?.warmUp(publishable, () => answered);
      })
      // A broken install surfaces where a step is used, with its own error.
      .catch(() => undefined);
  }, PRELOAD_DELAY_MS).unref();
  const looked = await reading;
  const alreadyPublished = looked
    .filter((p) => p.state.kind === 'version-exists')
    .map((p) => ({
      name: p.name,
      version: p.version,
      registry: p.registry,
      integrity: 'integrity' in p.state ? (p.state.integrity ?? '') : '',
    }));
  const todo: PlannedPackage[] = looked
    .filter((p) => p.state.kind !== 'version-exists')
    .map((p) => ({
      name: p.name,
      version: p.version,
      dir: p.dir,
      registry: p.registry,
      manifest: p.manifest,
      existsOnRegistry: p.state.kind === 'unknown' ? undefined : p.state.kind === 'package-exists',
      packument: p.state.kind === 'package-exists' ? p.state.packument : undefined,
    }));
  const registry =
    options.registry ?? todo[0]?.registry ?? looked[0]?.registry ?? pickRegistry('x', {}, config);
  return {
    root,
    registry,
    workspace,
    chunks: chunkByDependencies(todo),
    alreadyPublished,
    skipped,
    ...definedFields({
      tag: options.tag,
      access: options.access,
      provenance: options.provenance,
    }),
    ...(exchanges ? { exchanges } : {}),
    ...(scans ? { scans } : {}),
  };
}

/** The workspace at `root`; with explicit packages, a non-workspace root (or one inside a workspace) is fine. */
async function workspaceFor(
  root: string,
  explicit: boolean,
  ctx: CoreContext,
): Promise<Workspace | undefined> {
  try {
    return await discoverWorkspace(root, ctx);
  } catch (error) {
    if (
      !explicit ||
      !(error instanceof TrustpubError) ||
      error.code !== 'CONFIG_MANIFEST_NOT_FOUND'
    )
      throw error;
    return findWorkspaceOf(root, ctx);
  }
}

async function select(
  all: readonly Candidate[],
  wanted: readonly string[] | undefined,
  root: string,
): Promise<Candidate[]> {
  if (!wanted || wanted.length === 0) {
    if (all.length === 0) throw noPackages(`No packages found in the workspace at ${root}.`);
    return [...all];
  }
  const out: Candidate[] = [];
  for (const w of wanted) {
    const dir = path.resolve(root, w);
    const hit = all.find((p) => p.name === w || path.resolve(p.dir) === dir);
    if (hit) {
      if (!out.includes(hit)) out.push(hit);
      continue;
    }
    // A directory outside the workspace globs (or a repository without workspaces) is still publishable.
    const manifest = (await readManifest(dir)) as unknown as Record<string, unknown>;
    const name = typeof manifest.name === 'string' ? manifest.name : '';
    const version = typeof manifest.version === 'string' ? manifest.version : '';
    if (!name)
      throw noPackages(
        `${w} is neither a workspace package name nor a directory with a named package.json.`,
      );
    out.push({ name, version, dir, manifest, private: manifest.private === true });
  }
  return out;
}

function noPackages(message: string): TrustpubError {
  return new TrustpubError('RELEASE_NO_PACKAGES', message, {
    hint: FIXES.RELEASE_NO_PACKAGES,
  });
}
