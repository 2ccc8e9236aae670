import { parseArgs } from 'node:util';
import { FIXES } from '@trustpub/core';
import type { CliIo } from '../../io.js';
import { runTrustAudit } from './audit.js';
import { runTrustCreate } from './create.js';
import { TRUST_HELP } from './help.js';
import { runTrustList } from './list.js';
import { runTrustRevoke } from './revoke.js';
import { runInTrustContext, type TrustCommandContext } from './session.js';
import { runTrustSync } from './sync.js';

/**
 * Only --registry, read before the subcommand parses strictly with its own flags (so a wrong flag is
 * named against the subcommand's own options).
 */
function registryFlag(argv: string[]): Record<string, string | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: { registry: { type: 'string' } },
    allowPositionals: true,
    strict: false,
  });
  return { registry: typeof values.registry === 'string' ? values.registry : undefined };
}

type Runner = (argv: string[], io: CliIo, tc: TrustCommandContext) => Promise<number>;

const COMMANDS: Record<string, Runner> = {
  github: (a, io, tc) => runTrustCreate('github', a, io, tc),
  gitlab: (a, io, tc) => runTrustCreate('gitlab', a, io, tc),
  circleci: (a, io, tc) => runTrustCreate('circleci', a, io, tc),
  list: runTrustList,
  revoke: runTrustRevoke,
  sync: runTrustSync,
  audit: runTrustAudit,
};

/**
 * `trustpub trust ...` (argv without `trust`). Returns the exit code: 0 done, 1 failed (the error is
 * printed with its code and fix, never a stack trace), 2 usage error.
 */
export async function runTrustCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const usage = (what: string) =>
    `CLI_USAGE: trustpub trust: ${what}\n  fix: ${FIXES.CLI_USAGE.trustCommand}\n`;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    if (sub === undefined) io.stderr(usage('no command given.'));
    io.stdout(`${TRUST_HELP['']}\n`);
    return sub === undefined ? 2 : 0;
  }
  const run = COMMANDS[sub];
  if (!run) {
    io.stderr(`${usage(`unknown trust command "${sub}".`)}\n${TRUST_HELP['']}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${TRUST_HELP[sub]}\n`);
    return 0;
  }
  return runInTrustContext(io, registryFlag(rest), (tc) => run(rest, io, tc));
}
