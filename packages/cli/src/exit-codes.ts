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
