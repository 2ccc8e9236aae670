import type { CoreContext, WorkspaceIndex } from '../kernel/index.js';
import { isTrustpubError } from '../errors/index.js';
import type { ListedFiles, PackedScan } from '../diagnose/index.js';
import { StepLimiter } from './gates.js';
import { releaseSteps } from './steps.js';

/** The settings a scan depends on: the run must use the same ones for the plan's scans to count. */
export interface ScanSettings {
  /** The manager the packages are packed as (`--pack-as`); its file rules decide what is scanned. */
  packAs?: string | undefined;
  /** Files the scan accepts after review (`--allow-file`). */
  allowFiles?: readonly string[] | undefined;
}

/** The scripts any of the four managers runs while packing for publish. */
export const PACK_SCRIPTS = ['prepublishOnly', 'prepublish', 'prepack', 'prepare', 'postpack'];

/** Every lifecycle script a publish may run, in any manager (packing, then after the upload). */
const LIFECYCLE_SCRIPTS = [...PACK_SCRIPTS, 'publish', 'postpublish'];

/**
 * Whether a release may pack from the listings its scans took while planning: only when no lifecycle
 * script of any of its packages can run, since one package's script may write into another's folder
 * (a root build run from one package's `prepare`), and a listing taken before it would miss those files.
 */
export function listingsReusable(
  packages: readonly { manifest: Readonly<Record<string, unknown>> }[],
  ignoreScripts: boolean | undefined,
): boolean {
  if (ignoreScripts === true) return true;
  return !packages.some((p) => {
    const scripts = p.manifest.scripts;
    return (
      typeof scripts === 'object' &&
      scripts !== null &&
      LIFECYCLE_SCRIPTS.some((s) => typeof (scripts as Record<string, unknown>)[s] === 'string')
    );
  });
}

const noop = (): void => {};

/** Scans at once: listing and reading files is CPU work on this thread, which also handles the answers. */
const SCAN_CONCURRENCY = 4;

/**
 * The preflight's secret scans from disk, started while the plan is still reading the registry: each
 * package's scan starts as soon as its read shows it is to be published, so the files are listed and
 * read while the other reads and the exchanges travel instead of after them. The preflight takes these
 * results; a package the release packs before its verdict is judged by its tarball instead (`skip`).
 * Each listing is kept (file names only) so the package's pack need not list its files again.
 */
export class ReleaseScans {
  private readonly entries = new Map<string, Promise<PackedScan>>();
  private readonly listings = new Map<string, ListedFiles>();
  private readonly limiter = new StepLimiter(SCAN_CONCURRENCY);
  private started = 0;

  constructor(
    readonly settings: ScanSettings,
    private readonly workspace: WorkspaceIndex,
    private readonly ctx: CoreContext,
  ) {}

  /** Starts the scan of `pkg` (in the order started) unless it was started before. */
  start(pkg: { name: string; version: string; dir: string }): void {
    if (this.entries.has(pkg.name)) return;
    const scan = this.limiter.run(this.started++, async (): Promise<PackedScan> => {
      const { pack, diagnose } = await releaseSteps();
      let listed: ListedFiles;
      try {
        const options = { workspace: this.workspace, packAs: this.settings.packAs };
        listed = await pack.listPackFiles(pkg.dir, options, this.ctx);
      } catch (error) {
        if (!isTrustpubError(error)) throw error;
        return 'not-scanned'; // packing reports it with its own code
      }
      this.listings.set(pkg.name, listed);
      return diagnose.scanListedFiles(pkg, listed, this.settings, this.ctx);
    });
    // A bug (not a finding) surfaces where the result is awaited, never as an unhandled rejection.
    scan.catch(() => undefined);
    this.entries.set(pkg.name, scan);
  }

  /**
   * Scans `pkgs` one after another, in order, until `stop()` says the plan's reads have begun to answer:
   * the client has nothing else to do while the reads travel, and each later scan then runs on code the
   * earlier ones warmed (minimatch, npm-packlist and the collator they sort with are slow on first use).
   * One at a time, so a read's answer, once it comes, waits for one small step at most. A package whose
   * read then shows its version published was scanned for nothing: the cost of one idle round trip.
   */
  async warmUp(
    pkgs: readonly { name: string; version: string; dir: string }[],
    stop: () => boolean,
  ): Promise<void> {
    for (const pkg of pkgs) {
      if (stop()) return;
      this.start(pkg);
      // A bug in a scan surfaces where the preflight awaits it, not here.
      await this.entries.get(pkg.name)?.then(noop, noop);
    }
  }

  /** Resolves once no scan is running or waiting, counting the scans started meanwhile. */
  async settled(): Promise<void> {
    for (let count = -1; count !== this.entries.size;) {
      count = this.entries.size;
      await Promise.allSettled(this.entries.values());
    }
  }

  /** The scan's outcome for `name`; undefined when it was never started. */
  get(name: string): Promise<PackedScan> | undefined {
    return this.entries.get(name);
  }

  /** The files listed for `name`'s scan, once it has run. */
  listing(name: string): ListedFiles | undefined {
    return this.listings.get(name);
  }

  /** Whether a run with `settings` may take these scans (the same manager and accepted files). */
  matches(settings: ScanSettings): boolean {
    const same = (a: readonly string[] = [], b: readonly string[] = []) =>
      a.length === b.length && a.every((x, i) => x === b[i]);
    return (
      this.settings.packAs === settings.packAs &&
      same(this.settings.allowFiles, settings.allowFiles)
    );
  }
}
