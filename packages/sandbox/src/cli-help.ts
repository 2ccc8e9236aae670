/** Usage text of every command, printed by `--help` and after a usage error. */
export const HELP: Record<string, string> = {
  main: `trustpub-sandbox: a local registry that behaves like npmjs for trusted publishing

Usage: trustpub-sandbox <command> [options]

Commands:
  start   start the sandbox (Verdaccio + gateway, OIDC issuer, Sigstore) on 127.0.0.1
  stop    stop a detached sandbox
  seed    create a package (an admin first publish)
  trust   set a package's trusted publisher
  env     print the environment of a CI job (export lines)

Run \`trustpub-sandbox <command> --help\` for a command's options.`,
  start: `Usage: trustpub-sandbox start [--dir DIR] [--port PORT] [--latency MS] [--cdn-cache SECONDS] [--detach] [--json]

  --dir DIR      state directory (default: .trustpub-sandbox in the current directory)
  --port PORT    registry port (default: any free port)
  --latency MS   delay every registry and issuer answer by MS milliseconds
  --cdn-cache SECONDS
                 answer anonymous packument reads (without ?write=true) from a cache kept that long,
                 as npmjs's CDN does (300); a publish does not refresh it. Default 0: off
  --detach       leave it running in the background and return
  --json         print {registry, issuer, dir, pid, fulcioUrl, rekorUrl, trustedRoot}`,
  stop: `Usage: trustpub-sandbox stop [--dir DIR]`,
  seed: `Usage: trustpub-sandbox seed NAME[@VERSION] [--dir DIR]

Creates the package with an admin publish (default version 0.0.1): trusted publishing cannot create packages.`,
  trust: `Usage:
  trustpub-sandbox trust NAME github --repo OWNER/REPO --file WORKFLOW.yml [--environment ENV] [--dir DIR]
  trustpub-sandbox trust NAME gitlab --project GROUP/PROJECT --file CI.yml [--environment ENV] [--dir DIR]
  trustpub-sandbox trust NAME circleci --org-id UUID --project-id UUID --pipeline-definition-id UUID
                                       --vcs-origin HOST/OWNER/REPO [--context-id UUID ...] [--dir DIR]`,
  env: `Usage:
  trustpub-sandbox env github --repo OWNER/REPO --workflow FILE [--environment ENV] [--ref REF]
                              [--visibility public|private] [--runner github-hosted|self-hosted] [--dir DIR] [--json]
  trustpub-sandbox env gitlab --project GROUP/PROJECT [--file CI.yml] [--environment ENV] [--ref REF]
                              [--visibility public|private] [--runner gitlab-hosted|self-hosted] [--dir DIR] [--json]
  trustpub-sandbox env circleci --org-id UUID --project-id UUID --pipeline-definition-id UUID
                                --vcs-origin HOST/OWNER/REPO [--context-id UUID ...] [--dir DIR] [--json]

Prints export lines that make a shell look like that CI job: eval "$(trustpub-sandbox env github ...)"
They hold the job's ID-token source, never a write token.`,
};
