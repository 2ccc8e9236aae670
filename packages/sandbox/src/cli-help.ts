/** Usage text of every command, printed by `--help` and after a usage error. */
export const HELP: Record<string, string> = {
  main: `trustpub-sandbox: a local registry that behaves like npmjs for trusted publishing

Usage: trustpub-sandbox <command> [options]

Commands:
  start   start the sandbox (Verdaccio + gateway, OIDC issuer, Sigstore) on 127.0.0.1
  stop    stop a detached sandbox (succeeds when none is running)
  seed    create a package (an admin first publish)
  trust   set a package's trusted publisher
  env     print the environment of a CI job (export lines)
  user    create a maintainer with 2FA and print its token (export NPM_TOKEN=...)
  otp     print a current one-time password of that maintainer
  token   print a read-only token (token --read-only)

Every command takes --dir DIR, the state directory. Default: $TRUSTPUB_SANDBOX_DIR (which \`env\` sets),
else a directory for this project in your cache directory (~/.cache/trustpub-sandbox/...), never inside
the project. Whatever directory is used gets .npmignore and .gitignore files that exclude it all.

Run \`trustpub-sandbox <command> --help\` for a command's options; \`trustpub-sandbox --version\` for the version.`,
  start: `Usage: trustpub-sandbox start [--dir DIR] [--port PORT] [--latency MS] [--cdn-cache SECONDS] [--detach] [--json]

  --dir DIR      state directory (default: $TRUSTPUB_SANDBOX_DIR, else ~/.cache/trustpub-sandbox/<project>)
  --port PORT    registry port (default: any free port)
  --latency MS   delay every registry and issuer answer by MS milliseconds
  --cdn-cache SECONDS
                 answer anonymous packument reads (without ?write=true) from a cache kept that long,
                 as npmjs's CDN does (300); a publish does not refresh it. Default 0: off
  --detach       leave it running in the background and return
  --json         print {registry, issuer, dir, pid, fulcioUrl, rekorUrl, trustedRoot}`,
  stop: `Usage: trustpub-sandbox stop [--dir DIR]

Stops the detached sandbox of DIR. When none is running it says so and exits 0.`,
  user: `Usage: trustpub-sandbox user [--web-auth] [--dir DIR] [--json]

Creates a maintainer with 2FA, as after \`npm login\`, and prints \`export NPM_TOKEN=...\`: its token can
create packages (a first publish), use the trust API and approve its changes with a one-time password
(\`trustpub-sandbox otp\`). eval "$(trustpub-sandbox user)" puts it in your shell.

  --web-auth   2FA through npmjs's web login instead: a change answers with a URL; opening it approves
  --json       print {token, otpSecret, webAuth}`,
  otp: `Usage: trustpub-sandbox otp [--dir DIR]

Prints a one-time password, valid now, of the last maintainer \`trustpub-sandbox user\` created in DIR.`,
  token: `Usage: trustpub-sandbox token --read-only [--dir DIR]

Prints a read-only token: it installs every package (restricted ones too) and may write nothing.`,
  seed: `Usage: trustpub-sandbox seed NAME[@VERSION] [--dir DIR]

Creates the package with an admin publish (default version 0.0.1): trusted publishing cannot create packages.`,
  trust: `Usage:
  trustpub-sandbox trust NAME github --repo OWNER/REPO --file WORKFLOW.yml [--environment ENV] [--dir DIR]
  trustpub-sandbox trust NAME gitlab --project GROUP/PROJECT --file CI.yml [--environment ENV] [--dir DIR]
  trustpub-sandbox trust NAME circleci --org-id UUID --project-id UUID --pipeline-definition-id UUID
                                       --vcs-origin HOST/OWNER/REPO [--context-id UUID ...] [--dir DIR]
  Each also takes npm trust's permission flags: --allow-publish (npm publish) and/or --allow-stage-publish
  (npm stage publish only; a direct publish is then refused with 403 "OIDC permission denied for this
  action"). Without either, publishing is allowed.`,
  env: `Usage:
  trustpub-sandbox env github --repo OWNER/REPO --workflow FILE [--environment ENV] [--ref REF]
                              [--visibility public|private] [--runner github-hosted|self-hosted] [--dir DIR] [--json]
  trustpub-sandbox env gitlab --project GROUP/PROJECT [--file CI.yml] [--environment ENV] [--ref REF]
                              [--visibility public|private] [--runner gitlab-hosted|self-hosted] [--dir DIR] [--json]
  trustpub-sandbox env circleci --org-id UUID --project-id UUID --pipeline-definition-id UUID
                                --vcs-origin HOST/OWNER/REPO [--context-id UUID ...] [--dir DIR] [--json]

Prints lines that make a shell look like that CI job: eval "$(trustpub-sandbox env github ...)"
They unset the variables of other providers' jobs, pin npm, pnpm, yarn and bun to the sandbox
(npm_config_registry, pnpm_config_registry, YARN_NPM_REGISTRY_SERVER with the http whitelist,
BUN_CONFIG_REGISTRY) and hold the job's ID-token source, never a write token.`,
};
