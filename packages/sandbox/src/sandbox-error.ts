/**
 * A failure a sandbox user caused (bad input, a sandbox that is not running, a package that exists).
 * The CLI prints the message and the hint, never a stack trace.
 */
export class SandboxError extends Error {
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.name = 'SandboxError';
    this.hint = hint;
  }
}
