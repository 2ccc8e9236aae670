import type * as Diagnose from '../diagnose/index.js';
import type * as Pack from '../pack/index.js';
import type * as Publish from '../publish/index.js';
import { loadOnce } from '../kernel/index.js';

/**
 * The release's heavier steps: packing (npm-packlist, tar), the checks of the preflight, publishing and
 * provenance, about sixty modules of the core and their libraries. They load on first use, not with the
 * release: loading them takes about 50 ms, and a command that only plans (or has not planned yet) starts
 * its first registry requests without waiting for that. `planRelease` starts the load once its reads are
 * on the wire, so it happens while they travel.
 */
interface Steps {
  pack: typeof Pack;
  diagnose: typeof Diagnose;
  publish: typeof Publish;
}

/** The release's heavier steps, loaded once per process. */
export const releaseSteps: () => Promise<Steps> = loadOnce(() =>
  Promise.all([
    import('../pack/index.js'),
    import('../diagnose/index.js'),
    import('../publish/index.js'),
  ]).then(([pack, diagnose, publish]) => ({ pack, diagnose, publish })),
);
