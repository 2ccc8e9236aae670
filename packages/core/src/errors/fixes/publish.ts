import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';
import { NO_ANSWER } from './no-answer.js';

// The registry gave no answer (refused, reset, timed out): one text for both codes, and for the two
// places that say what the lost answer means for an upload or a stage request before that text.
const REGISTRY_UNREACHABLE = {
  request: NO_ANSWER,
  uploadNotStored: 'Re-run the publish when the registry answers again.',
  stageUnknown: (c: { name: string }) =>
    `Look with \`trustpub stage list ${c.name}\` (a maintainer's token) before staging again.`,
} as const;

const HOSTED_GITHUB = 'a GitHub-hosted runner (e.g. `runs-on: ubuntu-latest`)';
const HOSTED_GITLAB = 'a GitLab.com shared runner';

const contentDiffers = (c: { name: string }) =>
  `Bump the version of ${c.name} and publish again (a version's contents cannot be replaced). If nothing was meant to change, the build is not reproducible (timestamps, generated files).`;

/** Fixes: packing, provenance, the registry transport, the upload and staged versions. */
export const PUBLISH_FIXES = {
  PACK_LIFECYCLE_SCRIPT_FAILED: (c: { event: string; dir: string }) =>
    `Fix the "${c.event}" script in ${c.dir}/package.json (run it with \`npm run ${c.event}\` to see it fail), or skip lifecycle scripts with ignore-scripts.`,
  PACK_TARBALL_INVALID: {
    tarball:
      'Pass a .tgz made by `npm pack` (or pnpm/yarn pack): a gzipped tar with package/package.json.',
    packDir:
      'Pass --from-pack-dir the directory given to `changeset pack --out-dir` (it holds publish-plan.json and packages/*.tgz), unchanged.',
    packDirChanged:
      'Publish the pack directory exactly as `changeset pack` wrote it: re-run `changeset pack` and upload the whole directory as one artifact.',
    packCommit:
      'Run the publish job in a checkout of the same repository and commit as the `changeset pack` job that produced the directory.',
  },
  PACK_FAILED:
    'Check that every file the package includes is readable (permissions, broken symlinks), then retry.',
  // `allow` is the --allow-file flag for each file found.
  PACK_SECRET_FOUND: {
    oneFile: (c: { allow: string }) =>
      `Remove the file from the package (delete, .npmignore or "files") and revoke what leaked into git history. If you reviewed it and it holds no real secret (a test fixture), accept with ${c.allow} (plugin option allowFiles).`,
    files: (c: { allow: string }) =>
      `Remove the files from the package (delete, .npmignore or "files") and revoke what leaked into git history. If you reviewed them and they hold no real secret (a test fixture), accept with ${c.allow} (plugin option allowFiles).`,
  },
  // `turnOff` names the setting that asked for provenance (`drop --provenance`, ...).
  PROVENANCE_UNSUPPORTED_CI: (c: { turnOff: string }) =>
    `Publish with provenance from GitHub Actions or GitLab CI/CD, or turn provenance off (${c.turnOff}).`,
  PROVENANCE_PRIVATE_REPOSITORY: (c: { turnOff: string }) =>
    `Make the repository public, or turn provenance off (${c.turnOff}).`,
  PROVENANCE_SELF_HOSTED_RUNNER: {
    github: (c: { turnOff: string }) =>
      `Run the publishing job on ${HOSTED_GITHUB}, or turn provenance off (${c.turnOff}).`,
    gitlab: (c: { turnOff: string }) =>
      `Run the publishing job on ${HOSTED_GITLAB}, or turn provenance off (${c.turnOff}).`,
    // Without provenance: trusted publishing alone needs a hosted runner too.
    githubRunner: `Run the publishing job on ${HOSTED_GITHUB}.`,
    gitlabRunner: `Run the publishing job on ${HOSTED_GITLAB}.`,
  },
  PROVENANCE_NO_SIGSTORE_TOKEN: {
    github: (c: { turnOff: string }) =>
      `Add \`permissions: id-token: write\` to the publishing job, or turn provenance off (${c.turnOff}).`,
    gitlab: (c: { turnOff: string }) =>
      `Declare \`id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore\` in the job in .gitlab-ci.yml, or turn provenance off (${c.turnOff}).`,
    signing:
      'GitHub: add `permissions: id-token: write`. GitLab: declare `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore`. Or publish without provenance.',
  },
  PROVENANCE_PRIVATE_PACKAGE: (c: { turnOff: string }) =>
    `Publish with access public, or turn provenance off (${c.turnOff}).`,
  PROVENANCE_CHECK_FAILED:
    'Re-run the job when the registry answers again; to publish without provenance on purpose, pass --no-provenance (or set provenance to false).',
  PROVENANCE_SIGNING_FAILED:
    'Check that Fulcio and Rekor are reachable (TRUSTPUB_FULCIO_URL, TRUSTPUB_REKOR_URL) and that the identity token has the "sigstore" audience; re-run the job, or publish without provenance.',
  REGISTRY_NETWORK: REGISTRY_UNREACHABLE,
  REGISTRY_TIMEOUT: REGISTRY_UNREACHABLE,
  REGISTRY_HTTP_ERROR: {
    serverError: 'The registry had a temporary problem: retry in a few minutes.',
    refused:
      'Check that the registry URL is right and, for restricted packages, that the token can read the package.',
    visibility: 'Retry later, or set access to "public" explicitly so the registry is not asked.',
  },
  REGISTRY_MALFORMED_RESPONSE:
    'Check that the registry URL points at an npm registry and not at a web page or proxy.',
  PUBLISH_VERSION_CONFLICT: {
    published:
      'Bump the version and publish again. If this is a re-run, the build is not reproducible (timestamps, generated files): publish the tarball of the first run instead.',
    staged: (c: { name: string; version: string }) =>
      `If it is waiting in the stage queue, approve or reject it: \`trustpub stage list ${c.name}\`, then \`trustpub stage approve ${c.name}@${c.version}\`. Otherwise bump the version.`,
    contentDiffers,
    contentDiffersWarning: (c: { name: string }) =>
      `${contentDiffers(c)} --strict makes this an error.`,
  },
  PUBLISH_UNAUTHORIZED:
    'The exchanged token expired or was revoked before the upload (re-run the job), or the fallback token is invalid.',
  PUBLISH_FORBIDDEN:
    'The token may not publish this package (npmjs answers 404 to tokens without rights). Under trusted publishing the token only covers the package it was exchanged for; with a fallback token, check its permissions.',
  PUBLISH_PROVENANCE_REJECTED:
    'The registry names the mismatch: usually package.json "repository.url" must equal the repository the job runs in, the repository must be public, and the runner GitHub-hosted. Fix that, or publish without provenance.',
  PUBLISH_REJECTED: {
    serverError:
      'The registry had a temporary problem: re-run the job (an identical re-upload is recognised as already published).',
    refused: 'Fix what the registry message names, then publish again.',
  },
  PUBLISH_NO_CREDENTIALS:
    "Run this in a CI job configured as the package's trusted publisher, or name a token explicitly (--fallback-token-env <VAR>); trustpub never uses a token from .npmrc on its own.",
  PUBLISH_PERMISSION_DENIED: {
    publish: (c: { name: string }) =>
      `Stage the release instead (trustpub publish --stage) and approve it with \`trustpub stage approve\`, or allow direct publishing: trustpub trust <provider> ${c.name} ... --allow-publish --replace. If the trusted publisher allows publishing, check the package's publishing access on npmjs.com.`,
    stage: (c: { name: string }) =>
      `Allow staged publishing for the trusted publisher: trustpub trust <provider> ${c.name} ... --allow-stage-publish --replace, or publish without --stage.`,
  },
  PUBLISH_OUTCOME_UNKNOWN:
    'Run the same command again: it reads the registry first and publishes only what is missing (this exact version already there is reported as already published).',
  STAGE_NOT_FOUND: {
    byId: 'List the queue with `trustpub stage list [NAME]`: it may already be approved or rejected, or the id is mistyped.',
    byVersion: (c: { name: string }) =>
      `\`trustpub stage list ${c.name}\` shows what is staged; it may already be approved or rejected.`,
    badSpec:
      'Give the id `trustpub stage list` prints, or the package and version, e.g. @scope/pkg@1.2.3.',
  },
  STAGE_REQUEST_FAILED: {
    noStageId: (c: { name: string }) =>
      `Find it with \`trustpub stage list ${c.name}\` and approve it from there.`,
    unsupported:
      'Staged publishing needs a registry that offers it (npmjs, npm 11.15+) and a package that already exists there; publish without --stage otherwise.',
    refused: 'Fix what the registry message names, then stage again.',
    maintainerToken:
      "Use a maintainer's user token (npm login) in the variable named by --token-env (default NPM_TOKEN); exchanged and read-only tokens cannot manage staged versions.",
    manageRefused:
      'Staged publishing needs a registry that offers it (npmjs, npm 11.15+); fix what the registry message names.',
    noStageApi:
      "The registry does not speak npm's stage API; use npmjs or publish without --stage.",
  },
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
