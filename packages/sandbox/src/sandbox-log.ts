import fs from 'node:fs';
import path from 'node:path';

/** The state directory's log: the cause of every answer the sandbox could not give (5xx). */
export const LOG_FILE = 'sandbox.log';

export interface SandboxLog {
  file: string;
  /** Appends `what` and the cause (its stack when it has one), with every known secret taken out. */
  failure(what: string, cause?: unknown): void;
}

/**
 * Starts this run's log, emptying what an earlier start in the same directory wrote, so the file tells
 * about one run. `secrets()` lists the values that must never reach it (tokens, the admin secret); a
 * bearer credential or a JWT in an error text is cut out as well.
 */
export function openSandboxLog(dir: string, secrets: () => Iterable<string>): SandboxLog {
  const file = path.join(dir, LOG_FILE);
  fs.writeFileSync(file, '', { mode: 0o600 });
  const redact = (text: string): string => {
    let out = text
      .replace(/(bearer|basic)\s+[^\s"',]+/gi, '$1 [redacted]')
      .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[redacted jwt]');
    for (const secret of secrets()) if (secret) out = out.split(secret).join('[redacted]');
    return out;
  };
  return {
    file,
    failure(what, cause) {
      const detail =
        cause === undefined
          ? ''
          : `\n  ${(cause instanceof Error ? (cause.stack ?? cause.message) : JSON.stringify(cause)).replaceAll('\n', '\n  ')}`;
      fs.appendFileSync(file, `${new Date().toISOString()} ${redact(`${what}${detail}`)}\n`);
    },
  };
}
