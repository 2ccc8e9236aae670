#!/usr/bin/env node
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { runCommand } from './cli-commands.js';
import { HELP } from './cli-help.js';
import { SandboxError } from './sandbox-error.js';

/** The version of this package, from its package.json (one level above dist/). */
function sandboxVersion(): string {
  const manifest = JSON.parse(
    fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** The `trustpub-sandbox` command line: parses, dispatches, and prints user errors without stack traces. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`${sandboxVersion()}\n`);
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return command ? 0 : 1;
  }
  if (!HELP[command] || command === 'main') {
    throw new SandboxError(
      `Unknown command "${command}"`,
      `Run \`trustpub-sandbox --help\` for the commands.`,
    );
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        dir: { type: 'string' },
        port: { type: 'string' },
        latency: { type: 'string' },
        'cdn-cache': { type: 'string' },
        detach: { type: 'boolean' },
        json: { type: 'boolean' },
        repo: { type: 'string' },
        file: { type: 'string' },
        workflow: { type: 'string' },
        environment: { type: 'string' },
        ref: { type: 'string' },
        visibility: { type: 'string' },
        runner: { type: 'string' },
        project: { type: 'string' },
        'org-id': { type: 'string' },
        'project-id': { type: 'string' },
        'pipeline-definition-id': { type: 'string' },
        'vcs-origin': { type: 'string' },
        'context-id': { type: 'string', multiple: true },
        'web-auth': { type: 'boolean' },
        'read-only': { type: 'boolean' },
        'allow-publish': { type: 'boolean' },
        'allow-stage-publish': { type: 'boolean' },
        'allow-staged-publish': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new SandboxError(
      (error as Error).message,
      `Run \`trustpub-sandbox ${command} --help\` for its options.`,
    );
  }
  if (parsed.values.help) {
    process.stdout.write(`${HELP[command]}\n`);
    return 0;
  }
  await runCommand(
    command,
    parsed.positionals,
    parsed.values,
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof SandboxError) {
      process.stderr.write(`trustpub-sandbox: ${error.message}\n  fix: ${error.hint}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `trustpub-sandbox: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 2;
    }
  },
);
