import { createContext, neutraliseText, type CoreContext } from '@trustpub/core/startup';
import { githubActionsJob } from './ci-output.js';
import type { CliIo } from './io.js';

/** Sockets per registry origin (the core default is 16). */
export const CLI_CONNECTIONS = 32;

export interface CliContextOptions {
  /** Machine output on stdout: nothing else may be written there. */
  json?: boolean;
  /** Print the core's debug and info lines (TRUSTPUB_DEBUG=1 does the same). */
  verbose?: boolean;
}

/**
 * The core context for one command: the io's environment and directory, a logger on stderr, and a
 * secret registry that masks every new token in the GitHub Actions log the moment it exists.
 */
export function createCliContext(io: CliIo, options: CliContextOptions = {}): CoreContext {
  const verbose = options.verbose || Boolean(io.env.TRUSTPUB_DEBUG);
  const holder: { ctx?: CoreContext } = {};
  const say = (prefix: string, text: string) =>
    // Log lines quote registries and scripts: redacted, and no line of them may become a CI command.
    io.stderr(`${prefix}${neutraliseText(holder.ctx ? holder.ctx.secrets.redact(text) : text)}\n`);
  const ctx = createContext({
    env: io.env,
    cwd: io.cwd,
    // Releases ask the registry about every package at once (versions, preflight exchanges): 32 sockets
    // per registry keep a 50-package lookup at two round trips instead of four, still polite to it.
    connections: CLI_CONNECTIONS,
    logger: {
      debug: (m) => verbose && say('debug: ', m),
      info: (m) => verbose && say('', m),
      warn: (m) => !options.json && say('warning: ', m),
      error: (m) => say('error: ', m),
    },
    onSecret: (value) => {
      // The runner reads workflow commands from the job's output; with --json stdout stays pure JSON.
      if (!githubActionsJob(io)) return;
      if (options.json) io.stderr(`::add-mask::${value}\n`);
      else io.stdout(`::add-mask::${value}\n`);
    },
  });
  holder.ctx = ctx;
  return ctx;
}

/** The same io with every line passed through the secret registry before it is written. */
export function redactingIo(io: CliIo, ctx: CoreContext): CliIo {
  return {
    ...io,
    env: io.env,
    cwd: io.cwd,
    isTTY: io.isTTY,
    stdout: (text) => io.stdout(ctx.secrets.redact(text)),
    stderr: (text) => io.stderr(ctx.secrets.redact(text)),
  };
}
