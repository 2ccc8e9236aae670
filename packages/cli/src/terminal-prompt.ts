import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** The streams a prompt reads from and writes to (process.stdin/stderr in the CLI, fakes in tests). */
export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/**
 * `CliIo.prompt` over real streams. With `{ secret: true }` the question is shown but what is typed is
 * not echoed (OTPs must not stay on the screen or in a terminal recording): readline writes the echo to
 * an output that is muted once the question is out, and the newline Enter would have printed is added.
 */
export function createTerminalPrompt(streams: PromptStreams) {
  return async (question: string, options?: { secret?: boolean }): Promise<string> => {
    let muted = false;
    const output = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        if (!muted) streams.output.write(chunk);
        done();
      },
    });
    const rl = createInterface({
      input: streams.input,
      output,
      terminal: Boolean(streams.input.isTTY),
    });
    try {
      const answer = rl.question(question);
      // The question is written synchronously; everything after it is the echo of the typed answer.
      if (options?.secret) muted = true;
      const value = await answer;
      if (muted) streams.output.write('\n');
      return value;
    } finally {
      rl.close();
    }
  };
}
