import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A wrong command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode with `--no-<flag>` support; its errors become `UsageError`s with
 * node's own explanation (which names the offending option).
 */
export function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      error instanceof Error
        ? error.message.replace(/^TypeError \[[A-Z_]+\]: /, '')
        : String(error),
    );
  }
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

/** A registry URL, normalised to end with a slash. */
export function registryUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--registry must be a URL such as https://registry.npmjs.org/, got "${value}".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--registry must be an http(s) URL, got "${value}".`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
