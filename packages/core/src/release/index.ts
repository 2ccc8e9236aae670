// release/: plans a workspace release and runs it (dependency order, concurrency, stop-on-failure).
export { planRelease } from './plan.js';
export type { PlanReleaseOptions, PlanSkip, PlannedPackage, ReleasePlan } from './plan.js';
export { DEFAULT_RELEASE_CONCURRENCY, runRelease } from './run.js';
export type { RunReleaseOptions } from './run.js';
export type { ReleaseEvent } from './report.js';
