import { createContext, type CoreContext } from '@trustpub/core';

/**
 * A core context for a simulated CI job that keeps every log line (`lines`, as "level message") for the
 * secret assertions, hands each secret it registers to `onSecret`, and does not wait when told to sleep.
 */
export function recordingContext(options: {
  env: Record<string, string | undefined>;
  cwd?: string;
  onSecret: (value: string) => void;
}): CoreContext & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  const ctx = createContext({
    env: options.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
    sleep: async () => {},
    onSecret: options.onSecret,
  });
  return Object.assign(ctx, { lines });
}
