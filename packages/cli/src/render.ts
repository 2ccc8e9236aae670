import {
  outcomeOf,
  type Finding,
  type JsonResult,
  type PublishOutcome,
  type ReleaseEntry,
  type ReleaseReport,
} from '@trustpub/core/startup';

/** Findings for a terminal: severity, code, package, message, then the fix. */
export function renderFindings(findings: readonly Finding[]): string {
  if (!findings.length) return '';
  const ordered = [...findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  return ordered
    .map((f) => {
      const head = `${f.severity === 'error' ? 'error  ' : 'warning'} ${f.code}${f.packageName ? ` [${f.packageName}]` : ''}: `;
      return `${head}${indent(f.message, 2)}\n  fix: ${f.hint}\n`;
    })
    .join('\n');
}

function indent(text: string, n: number): string {
  return text.split('\n').join(`\n${' '.repeat(n)}`);
}

/** One line per package, grouped by outcome, and a closing sentence that says what to do next. */
export function renderReport(report: ReleaseReport, dryRun: boolean): string {
  const lines: string[] = [];
  const count = (s: ReleaseEntry['status']) => report.results.filter((r) => r.status === s).length;
  if (dryRun) {
    lines.push(`Dry run: nothing was uploaded. Plan (registry ${report.registry}):`);
    report.chunks.forEach((chunk, i) => {
      lines.push(`  chunk ${i + 1}/${report.chunks.length}:`);
      for (const name of chunk) {
        const r = report.results.find((e) => e.name === name);
        if (r?.status === 'skipped' && r.plan) {
          const p = r.plan;
          lines.push(
            `    ${p.name}@${p.version}  tag ${p.tag}  access ${p.access ?? 'default'}  provenance ${p.provenance ? 'yes' : 'no'}`,
          );
        } else if (r) lines.push(`    ${line(r)}`);
      }
    });
    for (const r of report.results.filter((e) => e.chunk < 0)) lines.push(`  ${line(r)}`);
    return `${lines.join('\n')}\n`;
  }
  const problems = report.findings.filter((f) => f.severity === 'error').length;
  const stopped = report.results.filter((r) => r.status === 'skipped' && r.reason === 'cancelled');
  // A preflight that stopped the release is not "skipped 1, failed 0": say that nothing went out and why.
  if (problems && stopped.length && !count('published') && !count('staged') && !count('failed'))
    lines.push(
      `Nothing was published: the preflight found ${problems} problem(s) (above), so none of the ${stopped.length} package(s) to publish was uploaded (registry ${report.registry})`,
    );
  else
    lines.push(
      `Published ${count('published')}, ${count('staged') ? `staged ${count('staged')}, ` : ''}already published ${count('already-published')}, skipped ${count('skipped')}, failed ${count('failed')} (registry ${report.registry})`,
    );
  for (const r of report.results) lines.push(`  ${line(r)}`);
  // The footer says what the registry has: a failure after the upload is on the registry, and an
  // upload whose answer was lost and could not be checked is neither "published" nor "not published".
  const id = (r: ReleaseEntry) => `${r.name}${r.version ? `@${r.version}` : ''}`;
  const missing = report.results.filter(
    (r) =>
      (r.status === 'failed' && outcomeOf(r) === 'not-published') ||
      (r.status === 'skipped' && (r.reason === 'dependency-failed' || r.reason === 'cancelled')),
  );
  const unknown = report.results.filter((r) => outcomeOf(r) === 'unknown');
  const uploadedButFailed = report.results.filter(
    (r) => r.status === 'failed' && outcomeOf(r) === 'published',
  );
  if (uploadedButFailed.length)
    lines.push(`On the registry despite a later failure: ${uploadedButFailed.map(id).join(', ')}.`);
  if (missing.length) lines.push(`Not published: ${missing.map(id).join(', ')}.`);
  if (unknown.length)
    lines.push(
      `Unknown (the upload's answer was lost and the registry could not be read): ${unknown.map(id).join(', ')}.`,
    );
  if (missing.length || unknown.length)
    lines.push(
      'Fix the cause above and run the same command again: it publishes exactly what is missing.',
    );
  return `${lines.join('\n')}\n`;
}

function line(r: ReleaseEntry): string {
  const id = `${r.name}${r.version ? `@${r.version}` : ''}`;
  switch (r.status) {
    case 'published': {
      const link = r.provenance?.transparencyLogUrl ?? r.provenance?.attestationsUrl;
      return `published          ${id}  tag ${r.tag}${link ? `  provenance ${link}` : r.provenance ? '  provenance' : ''}${r.auth === 'fallback-token' ? '  (authenticated with the fallback token, not OIDC)' : ''}`;
    }
    case 'staged':
      return `staged             ${id}  tag ${r.tag}  stage id ${r.stageId}${r.provenance ? '  provenance' : ''}  (not installable until approved: trustpub stage approve ${r.stageId})`;
    case 'already-published':
      return `already published  ${id}`;
    case 'skipped':
      return `skipped            ${id}  (${r.reason}) ${r.message}`;
    case 'failed':
      return `failed             ${id}  ${r.error.code}: ${r.error.message}\n                     fix: ${r.error.hint}`;
  }
}

/** The report as JSON-safe data: errors as code/message/hint objects, never a stack. */
export function reportJson(report: ReleaseReport): {
  ok: boolean;
  registry: string;
  chunks: string[][];
  results: (JsonResult & { chunk: number; outcome: PublishOutcome })[];
  findings: Finding[];
} {
  return {
    ok: report.ok,
    registry: report.registry,
    chunks: report.chunks,
    // `outcome` answers "is it on the registry?" for every entry: published, not-published or unknown.
    results: report.results.map((r) =>
      r.status === 'failed'
        ? {
            status: 'failed',
            name: r.name,
            ...(r.version ? { version: r.version } : {}),
            chunk: r.chunk,
            outcome: outcomeOf(r),
            error: r.error.toJSON(),
          }
        : { ...r, outcome: outcomeOf(r) },
    ),
    findings: report.findings,
  };
}
