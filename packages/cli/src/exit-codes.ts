/**
 * trustpub's exit codes (also printed by `trustpub --help`). They are API: scripts branch on them.
 */
export const EXIT = {
  /** Everything asked for was done (published or already on the registry; doctor found no errors). */
  OK: 0,
  /** Something failed: a package was not published (see the report), doctor found errors, verify failed. */
  FAILED: 1,
  /** The command line is wrong (unknown option, missing value). */
  USAGE: 2,
  /** Preflight found problems, so nothing was uploaded. */
  PREFLIGHT: 3,
  /** The release could not be planned or set up (no packages, dependency cycle, unreadable config). */
  CONFIG: 4,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  everything was done (published, or already on the registry)
  1  something failed: see the report (doctor: a check failed; verify: a version did not verify)
  2  usage error (unknown option, missing value)
  3  preflight found problems; nothing was uploaded
  4  the release could not be planned (no packages, dependency cycle, unreadable configuration)`;

/** A command's own exit codes, as its `--help` lists them (only the codes it can return). */
export function exitCodesFor(codes: Readonly<Partial<Record<number, string>>>): string {
  const lines = Object.entries(codes).map(([code, text]) => `  ${code}  ${text}`);
  return `Exit codes:\n${lines.join('\n')}`;
}

const USAGE_LINE = 'usage error (unknown option, missing value)';

export const PUBLISH_EXIT_CODES = exitCodesFor({
  0: 'everything was done (published, or already on the registry)',
  1: 'a package was not published: see the report',
  2: USAGE_LINE,
  3: 'preflight found problems; nothing was uploaded',
  4: 'the release could not be planned (no packages, a private workspace root without --workspaces, dependency cycle, unreadable configuration)',
});

export const DOCTOR_EXIT_CODES = exitCodesFor({
  0: 'no check found an error (warnings allowed): publishing should work',
  1: 'a check found an error that would make publishing fail',
  2: USAGE_LINE,
  4: 'nothing could be checked (no packages, a private workspace root without --workspaces, unreadable configuration)',
});

export const VERIFY_EXIT_CODES = exitCodesFor({
  0: 'every version verifies',
  1: 'a version did not verify, or could not be checked (see its code)',
  2: USAGE_LINE,
  4: 'the check could not start (unreadable npm configuration)',
});

export const INSTALL_AUTH_EXIT_CODES = exitCodesFor({
  0: 'the .npmrc entry is in place (written, or already right)',
  2: USAGE_LINE,
  4: 'the .npmrc could not be read or written',
});

export const TRUST_EXIT_CODES = exitCodesFor({
  0: 'done (or, with --dry-run, planned)',
  1: 'a registry call failed or was refused, the question was answered no (or could not be asked: pass --yes), or (sync) a package was left different or missing',
  2: USAGE_LINE,
});
