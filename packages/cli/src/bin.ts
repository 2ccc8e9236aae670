#!/usr/bin/env node
import { runCli } from './cli.js';
import type { CliIo } from './io.js';
import { createTerminalPrompt } from './terminal-prompt.js';

const io: CliIo = {
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdin.isTTY && process.stderr.isTTY),
  // `{ secret: true }` (OTPs) is read without echo.
  prompt: createTerminalPrompt({ input: process.stdin, output: process.stderr }),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug reaches here (user errors are TrustpubErrors); say so without dumping internals.
    process.stderr.write(
      `trustpub: internal error: ${error instanceof Error ? error.message : String(error)}\nPlease report this at https://github.com/trustpub/trustpub/issues (rerun with TRUSTPUB_DEBUG=1 for details).\n`,
    );
    if (process.env.TRUSTPUB_DEBUG && error instanceof Error)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = 70;
  },
);
