import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';
import { NO_ANSWER } from './no-answer.js';

const GITHUB_JOB_PERMISSION = 'Give the GitHub job `permissions: id-token: write`';

const ID_TOKEN_PERMISSION =
  'Add `permissions: id-token: write` to the publishing job (or workflow) in your GitHub workflow file; without it GitHub does not hand out ID tokens.';

/** Fixes: CI identity, ID tokens and the token exchange. */
export const OIDC_FIXES = {
  CI_NOT_DETECTED:
    'Run trustpub inside a GitHub Actions, GitLab CI or CircleCI job. For a one-off publish from a workstation, use `npm publish` with your own login instead.',
  ID_TOKEN_EXPIRED:
    'Obtain the ID token right before publishing, in the same job step; do not reuse one from an earlier step or job.',
  ID_TOKEN_FORK_PULL_REQUEST:
    'Publish from a trigger a fork cannot start: a push to your default branch or a tag, a release, or workflow_dispatch.',
  ID_TOKEN_INVALID_JWT:
    'NPM_ID_TOKEN must hold the raw ID token (three base64url parts separated by dots), not a file path, JSON or a quoted value.',
  ID_TOKEN_MALFORMED_RESPONSE:
    "This is a problem on GitHub's side or a proxy in between: re-run the job; check githubstatus.com if it persists.",
  ID_TOKEN_REQUEST_URL_INVALID:
    'Do not set or override ACTIONS_ID_TOKEN_REQUEST_URL yourself; the GitHub runner sets it when the job has `id-token: write`.',
  ID_TOKEN_VALUE_MISSING:
    "This is a problem on GitHub's side: re-run the job; check githubstatus.com if it persists.",
  ID_TOKEN_PERMISSION_MISSING: ID_TOKEN_PERMISSION,
  ID_TOKEN_MISSING: {
    // The registry's audience (`npm:<host>`), per provider.
    github: 'Set NPM_ID_TOKEN, or give the job `permissions: id-token: write`.',
    gitlab: (c: { audience: string }) =>
      `Declare the token in .gitlab-ci.yml for the publishing job: \`id_tokens: { NPM_ID_TOKEN: { aud: "${c.audience}" } }\`.`,
    circleci: (c: { command: string }) =>
      `Set it in the publishing step: ${c.command} (needs the circleci CLI and an OIDC-enabled job).`,
    // Other audiences: Sigstore's for provenance, or any other.
    sigstoreOnGitlab:
      'Declare it in .gitlab-ci.yml for the publishing job: `id_tokens: { SIGSTORE_ID_TOKEN: { aud: "sigstore" } }`.',
    sigstore: `${GITHUB_JOB_PERMISSION}, or set SIGSTORE_ID_TOKEN to a token issued for "sigstore".`,
    otherAudience: `${GITHUB_JOB_PERMISSION}.`,
  },
  ID_TOKEN_REQUEST_FAILED: {
    github: ID_TOKEN_PERMISSION,
    githubServerError: `GitHub had a server error: re-run the job. ${ID_TOKEN_PERMISSION}`,
    circleci:
      'Run the job with an OIDC-enabled CircleCI context/project (the `circleci` CLI needs CIRCLE_OIDC_TOKEN_V2 in the job).',
  },
  ID_TOKEN_NETWORK: NO_ANSWER,
  ID_TOKEN_AUDIENCE_MISMATCH: (c: { audience: string }) =>
    `Issue the ID token for audience "${c.audience}" (GitLab: \`id_tokens: NPM_ID_TOKEN: aud: "${c.audience}"\`; CircleCI: \`--claims '{"aud":"${c.audience}"}'\`).`,
  ID_TOKEN_CIRCLECI_STALE: (c: { command: string }) =>
    `Create the token in the same step, right before publishing (${c.command}), or run on an image that has the circleci CLI.`,
  EXCHANGE_UNAUTHORIZED: (c: { audience: string }) =>
    `The registry checks the token's issuer ("iss"), audience ("aud", must be "${c.audience}") and expiry ("exp"); see the claims in the details. GitHub Enterprise issuers with an enterprise slug and self-hosted runners are not accepted by npmjs.`,
  // `command` is the one `trustpub trust ...` command for the job (oidc/expected-publisher.ts), in
  // backticks, or a description of it when the ID token says too little; `fields` are the
  // trusted-publisher fields the registry compares, in the provider's words.
  EXCHANGE_NO_TRUSTED_PUBLISHER: {
    mismatch: (c: { fields: string; command: string }) =>
      `Compare the claims in the details with the package's trusted publisher (${c.fields}; all case-sensitive), or make it match this job from a machine logged in to npm: ${c.command} (--replace swaps a different publisher for this one: the registry allows one per package).`,
    selfHostedRunner: (c: { fields: string }) =>
      `Run the publishing job on a hosted runner (GitHub: \`runs-on: ubuntu-latest\`; GitLab: a GitLab.com shared runner). If it still fails there, compare the claims in the details with the trusted publisher (${c.fields}).`,
    reusableWorkflow: (c: { callerFile: string; jobFile: string }) =>
      `Name the calling workflow's file, "${c.callerFile}", in the trusted publisher, not "${c.jobFile}".`,
  },
  EXCHANGE_PACKAGE_NOT_FOUND: (c: { command: string }) =>
    `Bootstrap it once from a machine logged in to npm: ${c.command} (publishes a placeholder and configures the trusted publisher), then re-run this job.`,
  EXCHANGE_BAD_REQUEST:
    'Check that NPM_ID_TOKEN holds only the raw ID token and that the package name is valid; if both are, report it with the registry message.',
  EXCHANGE_FORBIDDEN: (c: { command: string }) =>
    `The package's settings forbid this: check its publishing access on the registry and that the trusted publisher allows publishing (${c.command} sets one that does).`,
  EXCHANGE_HTTP_ERROR: {
    // 5xx and 429
    temporary: 'The registry had a temporary problem: re-run the job in a few minutes.',
    unexpected:
      'Report this with the registry message; the exchange answers 201, 400, 401, 403 or 404 normally.',
  },
  EXCHANGE_MALFORMED_RESPONSE: (c: { origin: string }) =>
    `The registry at ${c.origin} does not implement npm's token exchange as expected (a proxy in front of it?). If it is npmjs, retry later.`,
  EXCHANGE_NETWORK: NO_ANSWER,
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
