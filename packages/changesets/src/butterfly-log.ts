import { format } from 'node:util';

/** Where the command writes: stdout for info/log/success lines, stderr for warnings and errors. */
export interface OutputStreams {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The `🦋` lines of `changeset publish` (CLI 2.x, `@changesets/logger`), byte for byte without colour:
 * `🦋 ` + optional level + `util.format('', ...args)`, every continuation line prefixed again. Tools such
 * as changesets/action v1 parse these lines from stdout, so their text is an interface.
 */
export interface ButterflyLog {
  info(...args: unknown[]): void;
  log(...args: unknown[]): void;
  success(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const PREFIX = '🦋 ';

/** Formats one message exactly as `@changesets/logger` does (colours omitted). */
export function formatButterfly(level: string | undefined, args: unknown[]): string {
  const fullPrefix = PREFIX + (level === undefined ? '' : ` ${level}`);
  return (
    fullPrefix +
    format('', ...args)
      .split('\n')
      .join(`\n${fullPrefix} `)
  );
}

/** A `ButterflyLog` writing to the given streams; `redact` is applied to every line before it leaves. */
export function createButterflyLog(
  streams: OutputStreams,
  redact: (text: string) => string,
): ButterflyLog {
  const out = (level: string | undefined, args: unknown[]) =>
    streams.stdout(`${redact(formatButterfly(level, args))}\n`);
  const err = (level: string | undefined, args: unknown[]) =>
    streams.stderr(`${redact(formatButterfly(level, args))}\n`);
  return {
    info: (...args) => out('info', args),
    log: (...args) => out(undefined, args),
    success: (...args) => out('success', args),
    warn: (...args) => err('warn', args),
    error: (...args) => err('error', args),
  };
}
