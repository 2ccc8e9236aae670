import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/** Fixes: dist-tags, verification, workflow lint, multi-package releases. */
export const RELEASE_FIXES = {
  DIST_TAG_OIDC_REFUSED:
    'npm documents trusted publishing for publish only; this registry does not accept exchanged tokens for dist-tag changes. Name a token that may change dist-tags (--fallback-token-env <VAR>), or run `npm dist-tag add` by hand.',
  DIST_TAG_FAILED: {
    versionMissing: (c: { name: string; version: string; registry: string }) =>
      `Check that ${c.name}@${c.version} is published on ${c.registry}.`,
    refused:
      "Check the token's rights on the package, or retry if the registry had a temporary problem.",
  },
  VERIFY_VERSION_NOT_FOUND:
    'If it was just published, the registry may still be processing it: run `trustpub verify` again in a minute. Otherwise publish it.',
  VERIFY_INTEGRITY_MISMATCH:
    'The registry holds different bytes than expected for this version: do not trust it; check who published it (npm view) and contact the registry.',
  VERIFY_ATTESTATION_MISSING: {
    notListed:
      'Check the publish log for a provenance rejection; publish the next version with provenance, or verify without requiring it.',
    // What `trustpub verify` adds to notListed: its flag for "without requiring it".
    withoutProvenance:
      'A version published without provenance (from a private repository, or with provenance turned off) verifies with --no-provenance.',
    notServed:
      'If it was just published, the registry may still be processing it: verify again in a minute.',
  },
  VERIFY_PROVENANCE_INVALID: {
    bundle:
      'Publish a new version from the intended repository and workflow; a bundle that does not verify cannot be repaired.',
    unverifiable:
      "Do not trust this version's provenance; check the repository and workflow it names (npm view --json) and the transparency log.",
    repository:
      'Check which repository published this version; if it was not yours, deprecate it and rotate the trusted publisher.',
    workflow:
      'Check which workflow published this version; the trusted publisher should name the workflow that publishes.',
    trustedRoot:
      'Point TRUSTPUB_TRUSTED_ROOT at a trusted_root.json file (the sandbox writes one), or unset it to use the public-good instance.',
  },
  WORKFLOW_ID_TOKEN: {
    github: (c: { job: string }) =>
      `Add \`id-token: write\` to the \`permissions\` of job "${c.job}" (keep \`contents: read\` or what else it needs).`,
    gitlab: (c: { job: string; audience: string }) =>
      `Add to job "${c.job}":\n  id_tokens:\n    NPM_ID_TOKEN:\n      aud: "${c.audience}"\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore`,
    gitlabSigstore:
      'Add `SIGSTORE_ID_TOKEN: { aud: sigstore }` to its `id_tokens` (provenance needs a public project).',
  },
  WORKFLOW_SELF_HOSTED_RUNNER: {
    github:
      'Run the publishing job on a GitHub-hosted runner (for example `runs-on: ubuntu-latest`); build elsewhere and pass artifacts if needed.',
    gitlab: 'Run the publishing job on GitLab.com hosted runners (no tags, or saas-linux-* tags).',
    circleci:
      'Run the publishing job on a CircleCI cloud executor (docker, machine or macos without a namespace/ resource class).',
  },
  WORKFLOW_REGISTRY_URL:
    'Remove `registry-url` from actions/setup-node in the publishing job: trusted publishing needs no .npmrc token (the registry is npmjs by default).',
  WORKFLOW_WRITE_TOKEN: {
    github: (c: { variable: string }) =>
      `Remove ${c.variable} from the publishing job, then revoke the token and delete the secret once trusted publishing works (trustpub trust audit lists your write tokens).`,
    gitlab: (c: { variable: string }) =>
      `Remove ${c.variable} from the job's variables (and the project's CI/CD variables), then revoke the token once trusted publishing works.`,
    circleci: (c: { variable: string }) =>
      `Remove ${c.variable} from the job (and from its contexts), then revoke the token once trusted publishing works.`,
  },
  WORKFLOW_TRUSTED_PUBLISHER_MISMATCH: {
    // `file`: where the trusted publisher expects the job; `jobFile`: where it is.
    file: (c: { file: string; jobFile: string; provider: string }) =>
      `Publish from ${c.file}, or change the trusted publisher to "${c.jobFile}" (trustpub trust ${c.provider} ... --file ${c.jobFile}).`,
    environment: (c: { environment: string; job: string }) =>
      `Set \`environment: ${c.environment}\` on job "${c.job}", or change the trusted publisher's environment.`,
  },
  WORKFLOW_NPM_UPGRADE:
    'Remove that step or script line: it costs time and pulls an unpinned npm into the release job.',
  WORKFLOW_INVALID_YAML: 'Fix the YAML; the CI would not run this file either.',
  RELEASE_DEPENDENCY_CYCLE:
    'A release publishes dependencies before dependents, so a cycle has no valid order. Move the shared code into a package both depend on, or make one of the edges a devDependency.',
  RELEASE_DEPENDENCY_UNPUBLISHED: {
    missing: (c: { dependency: string }) =>
      `Publish ${c.dependency} in the same release (select it too, or publish with --workspaces) or before this one.`,
    unreadable: (c: { dependency: string; range: string; registry: string }) =>
      `Make sure ${c.dependency} ${c.range} is on ${c.registry}, or include ${c.dependency} in this release.`,
    private: (c: { dependency: string }) =>
      `Move ${c.dependency} to devDependencies if it is only needed to build, bundle it, or make it publishable.`,
  },
  RELEASE_NO_PACKAGES:
    'Pass package directories or names that exist, or run from the repository root with --workspaces.',
  RELEASE_GIT_TAG_FAILED: {
    listTags:
      'Run changeset-oidc in a git checkout of the repository (actions/checkout, a GitLab or CircleCI checkout) and run it again (published versions are skipped, only the missing tags are created), or pass --no-git-tag.',
    createTag:
      'Run changeset-oidc inside a git checkout with a commit, a configured user.name/user.email (annotated tags need them), and write access to .git, then run it again (published versions are skipped, only the missing tags are created); or pass --no-git-tag.',
  },
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
