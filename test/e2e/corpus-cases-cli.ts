// Command-line misuse: exit 2, `CLI_USAGE: ...` and a fix line naming the command's help.
import type { CorpusCase } from './support/corpus.js';

function misuse(title: string, args: string[], code = 'CLI_USAGE', exit = 2): CorpusCase {
  return { kind: 'cli', title, args: () => args, code, exit };
}

export const CLI_CASES: CorpusCase[] = [
  misuse('no command', []),
  misuse('an unknown command', ['publsh']),
  misuse('a command named after an object property', ['constructor']),
  misuse('publish: an unknown option', ['publish', '--bogus']),
  misuse('publish: --concurrency 0', ['publish', '--concurrency', '0']),
  misuse('publish: --concurrency abc', ['publish', '--concurrency', 'abc']),
  misuse('publish: --concurrency -1', ['publish', '--concurrency=-1']),
  misuse('publish: --concurrency 1.5', ['publish', '--concurrency', '1.5']),
  misuse('publish: --access bogus', ['publish', '--access', 'bogus']),
  misuse('publish: --registry is not a URL', ['publish', '--registry', 'not a url']),
  misuse('publish: --registry ftp://', ['publish', '--registry', 'ftp://registry.example/']),
  misuse('publish: --provenance and --no-provenance', [
    'publish',
    '--provenance',
    '--no-provenance',
  ]),
  misuse('publish: --no-provenance and --provenance', [
    'publish',
    '--no-provenance',
    '--provenance',
  ]),
  misuse('publish: --tag without a value', ['publish', '--tag']),
  misuse('publish: --fallback-token-env names an unset variable', [
    'publish',
    '--fallback-token-env',
    'CORPUS_UNSET',
  ]),
  misuse('publish: a value for a boolean flag', ['publish', '--dry-run=yes']),
  misuse('publish: --json with an unknown option', ['publish', '--json', '--nope']),
  misuse('doctor: an unknown option', ['doctor', '--bogus']),
  misuse('doctor: --registry is not a URL', ['doctor', '--registry', 'x']),
  misuse('doctor: --access bogus', ['doctor', '--access', 'bogus']),
  misuse('doctor: --provenance and --no-provenance', ['doctor', '--provenance', '--no-provenance']),
  misuse('verify: no NAME@VERSION', ['verify']),
  misuse('verify: @@@', ['verify', '@@@']),
  misuse('verify: a name without a version', ['verify', 'left-pad']),
  misuse('verify: a version that is not semver', ['verify', 'left-pad@latest!']),
  misuse('verify: an invalid package name', ['verify', 'Bad Name@1.0.0']),
  misuse('verify: an empty version', ['verify', 'left-pad@']),
  misuse('trust: no subcommand', ['trust']),
  misuse('trust: an unknown subcommand', ['trust', 'bogus']),
  misuse('install-auth: no --token-env', ['install-auth']),
  misuse('install-auth: --token-env without a value', ['install-auth', '--token-env']),
];
