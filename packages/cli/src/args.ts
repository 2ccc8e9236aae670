import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isTrustpubError, normalizeRegistry } from '@trustpub/core/startup';

/** A wrong command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode with `--no-<flag>` support; its errors become `UsageError`s that
 * name the offending option and, for an unknown one, the closest option the command has.
 */
export function parse<O extends Options>(argv: string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    throw new UsageError(explainParseError(error, options, true));
  }
  // parseArgs keeps the last of `--x --no-x`; a command line that says both is a mistake, not a choice.
  const given = new Map<string, Set<string>>();
  for (const t of parsed.tokens)
    if (t.kind === 'option') given.set(t.name, (given.get(t.name) ?? new Set()).add(t.rawName));
  for (const [name, raw] of given)
    if (raw.has(`--${name}`) && raw.has(`--no-${name}`))
      throw new UsageError(`--${name} and --no-${name} contradict each other; give one of them.`);
  const { values, positionals } = parsed;
  return { values, positionals };
}

/**
 * parseArgs' complaint in the CLI's words: an unknown option is named with the closest known one
 * ("did you mean"); node's advice about positionals starting with '-' is dropped, as no command
 * takes such a positional.
 */
export function explainParseError(error: unknown, options: Options, negatable: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !unknown) return message;
  const given = unknown[1]!;
  const names = Object.entries(options).flatMap(([name, o]) => [
    `--${name}`,
    ...(o.short ? [`-${o.short}`] : []),
    ...(negatable && o.type === 'boolean' ? [`--no-${name}`] : []),
  ]);
  const guess = closest(given.split('=')[0]!, names);
  return `Unknown option '${given}'.${guess ? ` Did you mean ${guess}?` : ''}`;
}

/** The known name nearest to `given` (edit distance at most a third of its length, or a prefix). */
export function closest(given: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = name.startsWith(given) && given.length > 3 ? 1 : editDistance(given, name);
    if (distance <= Math.max(1, Math.floor(name.length / 3)) && (!best || distance < best.distance))
      best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let older: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      // A swap of two neighbours (--bootsrtap) counts as one edit, as people type it.
      const swap =
        i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]
          ? older[j - 2]! + 1
          : Infinity;
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost, swap));
    }
    older = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/** A positive integer option. */
export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive whole number, got "${value}".`);
  return n;
}

/** One of the allowed values, or a usage error naming them. */
export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  }
  return value as T;
}

/** A registry URL, normalised to end with a slash (the core's rule for every registry setting). */
export function registryUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return normalizeRegistry(value, '--registry');
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    // A wrong flag is a usage error (exit 2), where the core's error is about a setting in a file.
    throw new UsageError(
      URL.canParse(value)
        ? `--registry must be an http(s) URL, got "${value}".`
        : `--registry must be a URL such as https://registry.npmjs.org/, got "${value}".`,
    );
  }
}

/** `--pack-as`: npm, pnpm, yarn or bun, optionally with a major version (`pnpm@10`). */
export function packAsOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^(npm|pnpm|yarn|bun)(@\d+[\w.+-]*)?$/.test(value.trim()))
    throw new UsageError(
      `--pack-as must be npm, pnpm, yarn or bun (optionally with a version, e.g. pnpm@10), got "${value}".`,
    );
  return value.trim();
}
