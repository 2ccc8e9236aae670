import { CORE_VERSION, FIXES, formatError, isTrustpubError } from '@trustpub/core/startup';
import { UsageError } from './args.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import type { CliIo } from './io.js';

export const CLI_VERSION = '0.1.0';

export const MAIN_HELP = `Usage: trustpub <command> [options]

Token-free npm publishing from CI through trusted publishing (OIDC), with provenance.

Commands:
  publish [PATH...]          publish packages (--workspaces for a monorepo), checks first
  doctor [PATH...]           run the pre-publish checks alone; changes nothing
  verify NAME@VERSION...     check integrity and provenance of published versions
  install-auth --token-env VAR
                             let installs read private packages with a read-only token from $VAR
  trust <subcommand>         manage trusted publishers (github, gitlab, circleci, list, revoke)
  stage <subcommand>         list, view, approve or reject staged versions (2FA)

Run \`trustpub <command> --help\` for a command's options. \`trustpub --version\` prints the version.

${EXIT_CODES_HELP}
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

// Each command is loaded when it runs: a start-up loads only the command it was asked for.
const COMMANDS: Record<string, () => Promise<Command>> = {
  publish: () => import('./commands/publish.js').then((m) => m.runPublishCommand),
  doctor: () => import('./commands/doctor.js').then((m) => m.runDoctorCommand),
  verify: () => import('./commands/verify.js').then((m) => m.runVerifyCommand),
  'install-auth': () => import('./commands/install-auth.js').then((m) => m.runInstallAuthCommand),
  trust: () => import('./commands/trust/trust.js').then((m) => m.runTrustCommand),
  stage: () => import('./commands/stage.js').then((m) => m.runStageCommand),
};

/**
 * The dispatcher: picks the command, runs it, and turns every error a user can cause into its code,
 * message and fix on stderr (never a stack trace) with the documented exit code.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    if (command === undefined) io.stderr(usage('trustpub', 'no command given.', 'trustpub --help'));
    io.stdout(MAIN_HELP);
    return command === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`trustpub ${CLI_VERSION} (core ${CORE_VERSION})\n`);
    return EXIT.OK;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    io.stderr(
      `${usage('trustpub', `unknown command "${command}".`, 'trustpub --help')}\n${MAIN_HELP}`,
    );
    return EXIT.USAGE;
  }
  try {
    const run = await load();
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(usage(`trustpub ${command}`, error.message, `trustpub ${command} --help`));
      return EXIT.USAGE;
    }
    if (isTrustpubError(error)) {
      io.stderr(`${formatError(error)}\n`);
      return EXIT.CONFIG;
    }
    throw error;
  }
}

/** A usage error as every user error is printed: `CODE: message` and the fix. */
function usage(who: string, message: string, help: string): string {
  return `CLI_USAGE: ${who}: ${message}\n  fix: ${FIXES.CLI_USAGE.options({ help })}\n`;
}
