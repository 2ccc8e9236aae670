import type { Finding, PublishResult, ReleaseEntry, ReleaseReport } from '../kernel/index.js';
import type { ReleasePlan } from './plan.js';

/** Progress of a release, for faces that draw their own (the logger gets a line for each as well). */
export type ReleaseEvent =
  | { type: 'preflight'; packages: number }
  | { type: 'chunk'; chunk: number; chunks: number; packages: string[]; total: number }
  | { type: 'package-start'; name: string; version: string; chunk: number }
  | { type: 'package-done'; entry: ReleaseEntry; done: number; total: number };

/** One line per result for logs: what happened to which version. */
export function describe(r: PublishResult): string {
  switch (r.status) {
    case 'published':
      return `published ${r.name}@${r.version} (tag ${r.tag}${r.provenance ? ', with provenance' : ''}${r.auth === 'fallback-token' ? ', with the fallback token' : ''})`;
    case 'staged':
      return `staged ${r.name}@${r.version} (tag ${r.tag}, stage id ${r.stageId}${r.provenance ? ', with provenance' : ''}): installable once a maintainer runs \`trustpub stage approve ${r.stageId}\``;
    case 'already-published':
      return `already published ${r.name}@${r.version}`;
    case 'skipped':
      return `skipped ${r.name}${r.version ? `@${r.version}` : ''} (${r.reason}): ${r.message}`;
    case 'failed':
      return `failed ${r.name}${r.version ? `@${r.version}` : ''}: ${r.error.code}: ${r.error.message}`;
  }
}

/** The plan's skipped and already-published packages, as entries of the report (chunk -1). */
export function plannedEntries(plan: ReleasePlan): ReleaseEntry[] {
  return [
    ...plan.skipped.map((s): ReleaseEntry => ({ status: 'skipped', chunk: -1, ...s })),
    ...plan.alreadyPublished.map((a): ReleaseEntry => ({
      status: 'already-published',
      chunk: -1,
      ...a,
    })),
  ];
}

/** Every package of the plan in plan order; ok only when nothing failed or was held back. */
export function buildReport(
  plan: ReleasePlan,
  results: ReleaseEntry[],
  findings: Finding[],
): ReleaseReport {
  const order = new Map(plan.chunks.flat().map((p, i) => [p.name, i]));
  results.sort((a, b) => a.chunk - b.chunk || (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  const ok = results.every(
    (r) =>
      r.status === 'published' ||
      r.status === 'staged' ||
      r.status === 'already-published' ||
      (r.status === 'skipped' &&
        (r.reason === 'private' || r.reason === 'dry-run' || r.reason === 'not-selected')),
  );
  return {
    ok,
    registry: plan.registry,
    chunks: plan.chunks.map((c) => c.map((p) => p.name)),
    results,
    findings,
  };
}
