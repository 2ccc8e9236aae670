/**
 * The parts of semantic-release's step context this plugin reads. Declared structurally rather than
 * imported from `semantic-release` so one build serves 24 and 25 (their typings differ, and both
 * declare `nextRelease.channel` as a string although it is `null` on the default channel).
 */
export interface ReleaseLogger {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  success?(...args: unknown[]): void;
}

export interface ReleaseInfo {
  version: string;
  channel?: string | null;
  gitTag?: string;
}

export interface ReleaseContext {
  cwd: string;
  env: Record<string, string | undefined>;
  logger: ReleaseLogger;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  options?: Record<string, unknown>;
  branch?: { name: string; channel?: string | null | false; prerelease?: boolean | string };
  nextRelease?: ReleaseInfo;
}

/** What `publish` and `addChannel` return; semantic-release merges it into the release entry. */
export interface ReleaseResult {
  name: string;
  url: string | undefined;
  channel: string;
}
