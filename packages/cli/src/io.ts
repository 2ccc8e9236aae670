/** What a command may touch of the outside world; `bin.ts` binds the real process, tests pass their own. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdin and stderr are a terminal (prompts and progress are allowed). */
  readonly isTTY: boolean;
  /** Asks a question on the terminal; undefined when not interactive. */
  prompt?(question: string, options?: { secret?: boolean }): Promise<string>;
}
