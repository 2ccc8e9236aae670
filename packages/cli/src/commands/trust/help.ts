import { TRUST_EXIT_CODES } from '../../exit-codes.js';

/** Help texts of `trustpub trust` and its subcommands. */
const AUTH = `Authentication:
  --token-env VAR        environment variable holding your npm user token (default NPM_TOKEN);
                         the token is never taken as a flag value and never printed
  --otp CODE             one-time password (or NPM_CONFIG_OTP); in a terminal you are asked
                         when needed, and asked again when it expires or is refused
  --registry URL         registry (default: npm's registry setting from npm_config_registry or
                         .npmrc, then https://registry.npmjs.org/)
  --pace MS              wait at least MS milliseconds between registry calls (default 0;
                         429 answers are always waited out as Retry-After says)

${TRUST_EXIT_CODES}`;

const CREATE = (
  provider: string,
  flags: string,
) => `Usage: trustpub trust ${provider} [NAME...] [--workspaces] ${flags}
         [--allow-publish] [--allow-stage-publish] [--bootstrap] [--replace] [--yes] [--dry-run] [--json]

Creates the trusted publisher of each package, with the same checks and the same request as
\`npm trust ${provider}\`. Without NAME, the package in the current directory; --workspaces: every
publishable workspace package.
  --bootstrap   a package not on the registry yet gets a placeholder 0.0.0-trustpub.bootstrap
                (dist-tag trustpub-bootstrap, published with your token) first, since a trusted
                publisher can only be configured for an existing package
  --replace     a different existing trusted publisher is revoked first (the registry allows one
                per package; without --replace the registry answers 409)
  With either flag, a package already configured this way is left as it is (re-running is safe).

${AUTH}`;

export const TRUST_HELP: Record<string, string> = {
  '': `Usage: trustpub trust <command>

Commands:
  github     create a GitHub Actions trusted publisher (--file, --repo, --environment)
  gitlab     create a GitLab CI/CD trusted publisher (--file, --project, --environment)
  circleci   create a CircleCI trusted publisher (--org-id, --project-id, --pipeline-definition-id, --vcs-origin)
  list       show the trusted publishers of packages
  revoke     remove one trusted publisher (--id)
  sync       make every publishable package's trusted publisher what it should be
  audit      check every package's trusted publisher and token publishing; --fix disallows tokens

Run \`trustpub trust <command> --help\` for the flags. See docs/trust.md.

${TRUST_EXIT_CODES}`,
  github: CREATE('github', '--file WORKFLOW.yml [--repo OWNER/REPO] [--environment ENV]'),
  gitlab: CREATE('gitlab', '--file .gitlab-ci.yml [--project GROUP/PROJECT] [--environment ENV]'),
  circleci: CREATE(
    'circleci',
    '--org-id UUID --project-id UUID --pipeline-definition-id UUID --vcs-origin HOST/OWNER/REPO [--context-id UUID]...',
  ),
  list: `Usage: trustpub trust list [NAME...] [--workspaces] [--json]

Shows the trusted publishers the registry holds for each package.

${AUTH}`,
  revoke: `Usage: trustpub trust revoke [NAME] --id ID [--dry-run] [--yes]

Removes one trusted publisher (ids are shown by \`trustpub trust list\`). It asks no question, so
--yes changes nothing (accepted for scripts that pass it to every trust command).

${AUTH}`,
  sync: `Usage: trustpub trust sync [NAME...] [--workspaces] [--config FILE] [--provider github|gitlab|circleci]
         [provider flags] [--dry-run] [--replace] [--bootstrap] [--yes] [--json]

Reads the desired trusted publisher (from .trustpub.json or --config FILE, overridden by flags),
compares it with what the registry has for every publishable package, prints the plan, and applies
it one package at a time. Re-running changes nothing that is already right.
  --replace     revoke and recreate a different existing configuration (otherwise it is reported
                and left alone)
  --bootstrap   for packages not on the registry yet: publish a placeholder 0.0.0-trustpub.bootstrap
                (dist-tag trustpub-bootstrap) with your token, then configure trust
                (needs --otp or a terminal, so that no placeholder goes out whose trusted
                publisher could not be created)
  --dry-run     print the plan only
  --json        print the plan and the results as one JSON document on stdout

${AUTH}`,
  audit: `Usage: trustpub trust audit [NAME...] [--workspaces] [--config FILE] [--provider github|gitlab|circleci]
         [provider flags] [--fix] [--json]

For every package: its trusted publisher (compared with .trustpub.json / --config and flags when
given; otherwise whether one exists) and whether it still accepts publishing with a token. Then your
write tokens, with their last use where the registry reports it, to revoke the unused ones.
  --fix         set npm's "require two-factor authentication and disallow tokens" on every package
                that has a trusted publisher and still accepts tokens (npm access set mfa=publish);
                packages already set are left alone, so a second run changes nothing
  --json        print the audit as one JSON document on stdout
Exit code 0 when every package has the desired trusted publisher and refuses tokens, 1 otherwise.

${AUTH}`,
};
