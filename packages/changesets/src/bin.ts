#!/usr/bin/env node
import { runCli } from './cli.js';

// The process entry: everything else is in runCli so it can be called (and tested) in-process.
const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  streams: {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  },
});
process.exitCode = code;
