// How the demo talks: each step prints a heading, a few plain sentences, the key lines of the tools it
// ran (checked for tokens first), and its outcome with its time; the run ends with a summary table.
import { visibleLines, withoutMinted } from './demo-secrets.js';

/** Thrown by a step when a tool did not do what the step expected. */
export class StepFailed extends Error {}

/** What a step body can do besides running tools. */
export interface StepIo {
  /** Prints a paragraph of plain words (wrapped). */
  say(text: string): void;
  /**
   * Prints the lines of a tool's output that `pick` selects (at most `max`), quoted; throws if the
   * output holds a minted token. Returns every visible line (for the step's own checks).
   */
  quote(tool: string, text: string, pick?: (line: string) => boolean, max?: number): string[];
  /** Fails the step with `why` unless `condition` holds. */
  check(condition: unknown, why: string): asserts condition;
}

interface Row {
  title: string;
  tool: string;
  result: string;
  ok: boolean;
  ms: number;
}

const WIDTH = 100;

function wrap(text: string, indent: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}

/** Runs the demo's steps in order, prints as it goes, and keeps the rows of the summary table. */
export class DemoReport {
  readonly rows: Row[] = [];
  /** TRUSTPUB_DEMO_VERBOSE=1 quotes every line of every tool instead of the key lines. */
  private readonly verbose = process.env.TRUSTPUB_DEMO_VERBOSE === '1';

  constructor(
    private readonly mintedLog: string,
    private readonly total: number,
    private readonly print: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
  ) {}

  /** True when every step so far did what it should. */
  get ok(): boolean {
    return this.rows.every((r) => r.ok);
  }

  /**
   * Runs one step: `body` returns the short result for the table, or throws (StepFailed or anything
   * else) when the step did not do what it should. Returns whether it succeeded.
   */
  async step(title: string, tool: string, body: (io: StepIo) => Promise<string>): Promise<boolean> {
    const n = this.rows.length + 1;
    this.print(`\n${`-- Step ${n}/${this.total}: ${title} `.padEnd(WIDTH, '-')}`);
    const io: StepIo = {
      say: (text) => this.print(wrap(text, '')),
      quote: (name, text, pick = () => true, max = 8) => {
        const lines = visibleLines(text, this.mintedLog, name);
        const shown = lines
          .map((l) => l.trimEnd())
          .filter((l) => l.trim() && (this.verbose || pick(l)));
        if (this.verbose) max = Number.POSITIVE_INFINITY;
        for (const l of shown.slice(0, max)) this.print(`   | ${l}`);
        if (shown.length > max) this.print(`   | (${shown.length - max} more line(s))`);
        return lines;
      },
      check: (condition, why) => {
        if (!condition) throw new StepFailed(why);
      },
    };
    const t0 = Date.now();
    let row: Row;
    try {
      const result = await body(io);
      row = { title, tool, result: `ok: ${result}`, ok: true, ms: Date.now() - t0 };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const safe = withoutMinted(why, this.mintedLog).replace(/\s*\n\s*/g, ' ');
      row = { title, tool, result: `FAILED: ${safe}`, ok: false, ms: Date.now() - t0 };
      if (!(error instanceof StepFailed) && error instanceof Error && error.stack) {
        // An unexpected error is a bug in the demo or a tool: its stack helps, minus anything secret.
        this.print(withoutMinted(error.stack, this.mintedLog));
      }
    }
    this.rows.push(row);
    this.print(`=> ${row.result} (${seconds(row.ms)})`);
    return row.ok;
  }

  /** Marks the steps that were not reached after a failure. */
  skip(title: string, tool: string): void {
    this.rows.push({ title, tool, result: 'not run (an earlier step failed)', ok: false, ms: 0 });
  }

  /** The summary table, and the total time. */
  summary(extra: string[] = []): void {
    const head = ['#', 'step', 'tool', 'result', 'time'];
    // Long failure reasons are printed in full under their step; the table keeps the start.
    const cut = (t: string) => (t.length > 90 ? `${t.slice(0, 87)}...` : t);
    const body = this.rows.map((r, i) => [
      String(i + 1),
      r.title,
      r.tool,
      cut(r.result),
      seconds(r.ms),
    ]);
    const widths = head.map((h, c) =>
      Math.max(h.length, ...body.map((row) => (row[c] ?? '').length)),
    );
    const line = (cells: string[]) =>
      cells
        .map((cell, c) => (c === 4 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
        .join('  ')
        .trimEnd();
    this.print(`\n${'Summary '.padEnd(WIDTH, '=')}`);
    this.print(line(head));
    this.print(line(widths.map((w) => '-'.repeat(w))));
    for (const row of body) this.print(line(row));
    for (const l of extra) this.print(l);
    const failed = this.rows.filter((r) => !r.ok).length;
    // From the process start: loading the tools (Verdaccio, semantic-release) is part of the wait.
    const total = `${seconds(process.uptime() * 1000)} (steps ${seconds(this.rows.reduce((sum, r) => sum + r.ms, 0))})`;
    this.print(
      failed === 0
        ? `\nAll ${this.rows.length} steps did what they should, in ${total}.`
        : `\n${failed} of ${this.rows.length} steps did not do what they should (total ${total}).`,
    );
  }
}

/**
 * A `pick` for `StepIo.quote` that keeps, in output order, the first line matching each pattern (so
 * the same diagnosis repeated for several packages is quoted once).
 */
export function firstOf(...patterns: RegExp[]): (line: string) => boolean {
  const seen = new Set<number>();
  return (line) => {
    const i = patterns.findIndex((p, n) => !seen.has(n) && p.test(line));
    if (i < 0) return false;
    seen.add(i);
    return true;
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
