import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { outcomeOf, type Finding, type ReleaseEntry } from '@trustpub/core/startup';
import type { CliIo } from './io.js';

/**
 * Whether workflow commands (`::add-mask::`, `::error::`, `::group::`) have a reader: only a GitHub
 * Actions job, whose runner reads them from the step's piped output. On a terminal (someone replaying a
 * job with GITHUB_ACTIONS set) nothing consumes them, so they would only be noise and print secrets.
 */
export function githubActionsJob(io: Pick<CliIo, 'env' | 'isTTY'>): boolean {
  return Boolean(io.env.GITHUB_ACTIONS) && !io.isTTY;
}

/** Escapes a workflow-command message the way @actions/core does (newlines as %0A). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `::error title=...::message` annotations for every failure and every error finding (GitHub only). The
 * runner reads workflow commands from stdout and stderr; with --json they go to stderr so stdout stays JSON.
 * An annotation is the diagnosis' first line and its fix; the full diagnosis (claims, settings) is
 * printed once, in the log text, not repeated here.
 */
export function githubAnnotations(
  io: CliIo,
  entries: readonly ReleaseEntry[],
  findings: readonly Finding[],
  json = false,
): void {
  if (!githubActionsJob(io)) return;
  const out = (text: string): void => (json ? io.stderr(text) : io.stdout(text));
  const firstLine = (text: string) => text.split('\n')[0] ?? '';
  for (const f of findings) {
    // A finding about a line of a file (the workflow lint) is annotated on that line, warnings too.
    const file = typeof f.details?.file === 'string' ? f.details.file : undefined;
    const line = typeof f.details?.line === 'number' ? f.details.line : undefined;
    if (f.severity !== 'error' && !file) continue;
    const title = `${f.code}${f.packageName ? ` (${f.packageName})` : ''}`;
    const where = file ? `file=${escapeProperty(file)},${line ? `line=${line},` : ''}` : '';
    out(
      `::${f.severity === 'error' ? 'error' : 'warning'} ${where}title=${escapeProperty(title)}::${escapeData(`${firstLine(f.message)}\nfix: ${f.hint}`)}\n`,
    );
  }
  for (const e of entries) {
    if (e.status === 'staged')
      out(
        `::notice title=${escapeProperty(`staged ${e.name}@${e.version}`)}::${escapeData(`Not installable until a maintainer approves it: trustpub stage approve ${e.stageId}`)}\n`,
      );
    if (e.status !== 'failed') continue;
    const title = `${e.error.code} (${e.name}${e.version ? `@${e.version}` : ''})`;
    out(
      `::error title=${escapeProperty(title)}::${escapeData(`${firstLine(e.error.message)}\nfix: ${e.error.hint}`)}\n`,
    );
  }
}

/** Step outputs `published` ("true"/"false") and `published-packages` (JSON [{name, version, tag}]). */
export function githubOutputs(io: CliIo, entries: readonly ReleaseEntry[]): void {
  const file = io.env.GITHUB_OUTPUT;
  if (!io.env.GITHUB_ACTIONS || !file) return;
  // Everything this run put on the registry, including an upload a later step (verification,
  // postpublish) then failed: it is out, and a later step of the workflow must know.
  const published = entries.flatMap((e) =>
    e.status === 'published'
      ? [{ name: e.name, version: e.version, tag: e.tag }]
      : e.status === 'failed' && e.version && outcomeOf(e) === 'published'
        ? [{ name: e.name, version: e.version, tag: tagOf(e) }]
        : [],
  );
  const staged = entries.flatMap((e) =>
    e.status === 'staged'
      ? [
          {
            name: e.name,
            version: e.version,
            tag: e.tag,
            stageId: e.stageId,
            approve: `trustpub stage approve ${e.stageId}`,
          },
        ]
      : [],
  );
  const delimiter = `trustpub_${randomUUID()}`;
  appendFileSync(
    file,
    `published=${published.length > 0}\npublished-packages<<${delimiter}\n${JSON.stringify(published)}\n${delimiter}\n` +
      `staged=${staged.length > 0}\nstaged-packages<<${delimiter}\n${JSON.stringify(staged)}\n${delimiter}\n`,
  );
}

/** A markdown table of the release in `$GITHUB_STEP_SUMMARY`: package, version, tag, provenance link. */
export function githubSummary(
  io: CliIo,
  title: string,
  entries: readonly ReleaseEntry[],
  findings: readonly Finding[],
  /** For a check without results (doctor): the packages it checked, listed instead of an empty table. */
  checked?: readonly string[],
): void {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!io.env.GITHUB_ACTIONS || !file) return;
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = entries.map((e) => {
    const version = e.version ?? '';
    if (e.status === 'published') {
      const link = e.provenance?.transparencyLogUrl ?? e.provenance?.attestationsUrl;
      return `| ${cell(e.name)} | ${version} | ${cell(e.tag)} | published | ${link ? `[provenance](${link})` : 'none'} |`;
    }
    if (e.status === 'failed') {
      const outcome = outcomeOf(e);
      const what =
        outcome === 'published'
          ? 'published, then failed'
          : outcome === 'unknown'
            ? 'unknown (upload sent, answer lost)'
            : 'failed';
      return `| ${cell(e.name)} | ${version} | | ${what}: \`${e.error.code}\` ${cell(e.error.hint)} | |`;
    }
    if (e.status === 'skipped')
      return `| ${cell(e.name)} | ${version} | | skipped (${e.reason}) | |`;
    if (e.status === 'staged')
      return `| ${cell(e.name)} | ${version} | ${cell(e.tag)} | staged, waiting for approval (id \`${e.stageId}\`) | ${e.provenance ? 'signed' : 'none'} |`;
    return `| ${cell(e.name)} | ${version} | | already published | |`;
  });
  const problems = findings
    .filter((f) => f.severity === 'error')
    .map(
      (f) =>
        `- \`${f.code}\`${f.packageName ? ` ${f.packageName}` : ''}: ${cell(f.message.split('\n')[0] ?? '')} Fix: ${cell(f.hint)}`,
    );
  const table = rows.length
    ? ['| package | version | tag | result | provenance |', '|---|---|---|---|---|', ...rows, '']
    : [];
  const list = checked
    ? [
        `Checked ${checked.length} package(s): ${checked.map((n) => `\`${cell(n)}\``).join(', ') || '(none)'}.`,
        '',
      ]
    : [];
  const verdict = problems.length
    ? ['**Problems found before publishing**', '', ...problems, '']
    : checked
      ? ['No problems found.', '']
      : [];
  const stagedIds = entries.flatMap((e) => (e.status === 'staged' ? [e.stageId] : []));
  const approval = stagedIds.length
    ? [
        '**Waiting for approval**: staged versions are not installable until a maintainer approves them with 2FA:',
        '',
        '```',
        `trustpub stage approve ${stagedIds.join(' ')}`,
        '```',
        '',
        '(or `npm stage approve <id>` for each, or on npmjs.com)',
        '',
      ]
    : [];
  const text = [`### ${title}`, '', ...list, ...table, ...approval, ...verdict].join('\n');
  appendFileSync(file, `${text}\n`);
}

/**
 * A collapsible group of log lines on GitHub Actions; a no-op elsewhere. On stderr, with the progress lines
 * it groups, so the two streams cannot interleave out of order (the runner reads commands on both).
 */
export function githubGroup(io: CliIo, header: string): () => void {
  if (!githubActionsJob(io)) return () => {};
  io.stderr(`::group::${header.replace(/[\r\n]+/g, ' ')}\n`);
  return () => io.stderr('::endgroup::\n');
}

/** GitLab collapsible log sections; a no-op elsewhere. */
export function gitlabSection(io: CliIo, name: string, header: string): () => void {
  if (!io.env.GITLAB_CI) return () => {};
  const id = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  const now = () => Math.floor(Date.now() / 1000);
  io.stderr(`\u001b[0Ksection_start:${now()}:${id}[collapsed=true]\r\u001b[0K${header}\n`);
  return () => io.stderr(`\u001b[0Ksection_end:${now()}:${id}\r\u001b[0K\n`);
}

/** The dist-tag a failed-after-upload entry went out with, when its error recorded one. */
function tagOf(e: ReleaseEntry): string | null {
  const tag = e.status === 'failed' ? e.error.details?.tag : undefined;
  return typeof tag === 'string' ? tag : null;
}
