import type { CatalogueEntries } from './entry.js';

/** Catalogue entries: dist-tags, verification and releases. */
export const RELEASE_ENTRIES = {
  // Dist-tags
  DIST_TAG_OIDC_REFUSED: {
    title: 'Registry refused the exchanged token for dist-tags',
    cause:
      'npm documents trusted publishing for publish only; this registry does not accept exchanged tokens for dist-tag changes.',
    howToTell:
      'Setting a dist-tag with the exchanged token answered HTTP 401 or 403 ("refused to set NAME@TAG -> VERSION with the trusted-publishing token"); the version itself is published.',
  },
  DIST_TAG_FAILED: {
    title: 'Dist-tag change failed',
    cause: 'The registry refused the dist-tag change (unknown version, no rights, server error).',
    howToTell:
      '"Setting NAME@TAG -> VERSION failed with HTTP STATUS" with the registry\'s message; the version itself is published.',
  },
  // Verification
  VERIFY_VERSION_NOT_FOUND: {
    title: 'Version not listed',
    cause: 'The registry does not list the version (yet).',
    howToTell:
      '`trustpub verify` prints FAILED with "NAME@VERSION is not listed by REGISTRY"; the packument has no such version (or no integrity for it).',
  },
  VERIFY_INTEGRITY_MISMATCH: {
    title: 'Stored integrity differs',
    cause: 'The registry holds different bytes than were uploaded (or than it serves).',
    howToTell:
      "`trustpub verify` (or the publish's own check) prints both integrities: the one the packument records and the one of the tarball served or uploaded.",
  },
  VERIFY_ATTESTATION_MISSING: {
    title: 'Attestation missing',
    cause: 'Provenance was expected, but the registry lists or serves no attestation.',
    howToTell:
      '`trustpub verify` prints FAILED with "was expected to carry provenance, but REGISTRY lists no attestation for it" (`--no-provenance` accepts that), or the listed attestation URL answers an error.',
  },
  VERIFY_PROVENANCE_INVALID: {
    title: 'Provenance does not verify',
    cause: "The bundle's signature, subject, repository or workflow does not match.",
    howToTell:
      '`trustpub verify` prints FAILED with what differs: the bundle does not verify, its subject digest is not the tarball\'s, or it was "signed in REPOSITORY, not in EXPECTED" / "signed by the workflow ..., not by FILE" (`--repo`, `--workflow`).',
  },
  VERIFY_NETWORK: {
    title: 'Sigstore could not be reached to verify provenance',
    cause:
      'Verifying a provenance bundle against the public-good Sigstore instance first fetches its trusted root (TUF, tuf-repo-cdn.sigstore.dev); without network access to it the signature cannot be checked. This says nothing about the bundle itself.',
    howToTell:
      '`trustpub verify` prints FAILED with VERIFY_NETWORK and the fetch error (for example TUF_REFRESH_METADATA_ERROR); the integrity check still ran. VERIFY_PROVENANCE_INVALID, in contrast, means the bundle was checked and does not verify.',
  },
  WORKFLOW_ID_TOKEN: {
    title: 'Publishing job gets no ID token',
    cause:
      "The job that publishes lacks `permissions: id-token: write` (GitHub; a job's permissions replace the workflow's) or `id_tokens` with NPM_ID_TOKEN for the registry's audience (GitLab).",
    howToTell: 'trustpub doctor names the workflow file, line and job.',
  },
  WORKFLOW_SELF_HOSTED_RUNNER: {
    title: 'Publishing job on a self-hosted runner',
    cause: "npm's trusted publishing accepts only the CI provider's hosted runners.",
    howToTell:
      'trustpub doctor names the workflow file and the runs-on / tags / resource_class line.',
  },
  WORKFLOW_REGISTRY_URL: {
    title: "setup-node's registry-url in the publishing job",
    cause:
      'actions/setup-node with `registry-url` writes an .npmrc token line and a placeholder NODE_AUTH_TOKEN that npm falls back to when the exchange fails.',
    howToTell: 'trustpub doctor names the workflow file and the registry-url line.',
  },
  WORKFLOW_WRITE_TOKEN: {
    title: 'npm write token in the publishing job',
    cause: 'NODE_AUTH_TOKEN / NPM_TOKEN is set for the job that publishes with trusted publishing.',
    howToTell: 'trustpub doctor names the workflow file and the line that sets the variable.',
  },
  WORKFLOW_TRUSTED_PUBLISHER_MISMATCH: {
    title: 'Workflow differs from the trusted publisher',
    cause:
      "The publishing job is in another workflow file, or runs in another environment, than the package's trusted publisher names; the registry refuses the exchange.",
    howToTell: "trustpub doctor names the package(s), the expected file/environment and the job's.",
  },
  WORKFLOW_NPM_UPGRADE: {
    title: 'Unneeded npm upgrade step',
    cause:
      '`npm install -g npm@latest` in the publishing job, usually added to get trusted publishing; trustpub does not need it.',
    howToTell: 'trustpub doctor names the workflow file and the line.',
  },
  WORKFLOW_INVALID_YAML: {
    title: 'CI file is not valid YAML',
    cause: 'A workflow file (or .gitlab-ci.yml, .circleci/config.yml) cannot be parsed.',
    howToTell: 'trustpub doctor names the file, the line and the parser message.',
  },
  // Releases
  RELEASE_DEPENDENCY_CYCLE: {
    title: 'Dependency cycle',
    cause:
      'Packages depend on each other in a cycle (not only through devDependencies), so no publish order exists.',
    howToTell:
      '"These packages depend on each other in a cycle: a -> b -> a" before anything is sent; the CLI exits with code 4.',
  },
  RELEASE_DEPENDENCY_FAILED: {
    title: 'A dependency failed',
    cause: 'A package this one depends on failed to publish, so this one was not published.',
    howToTell:
      'In the release report the package is `skipped (dependency-failed)` with "Not published: it depends on DEP, which was not published." and the fix; DEP has its own failure line.',
  },
  RELEASE_DEPENDENCY_UNPUBLISHED: {
    title: 'A needed workspace package is left out',
    cause:
      'A package of this release depends (dependencies or peerDependencies) on a package of the same workspace that the release does not include, and no version on the registry satisfies the range: the published package could not be installed.',
    howToTell:
      '`trustpub doctor` and the preflight report "@a/app@2.0.0 depends on @a/lib ^2.0.0 (dependencies), but no version of @a/lib on <registry> satisfies it ... Installing @a/app@2.0.0 would fail." before anything is uploaded; a warning instead when the registry does not let trustpub read the dependency.',
  },
  RELEASE_NO_PACKAGES: {
    title: 'Nothing to release',
    cause: 'No package matched the selection.',
    howToTell:
      'The message says no package matched the selection (a path or name that is not a workspace package, or an empty workspace); nothing is sent.',
  },
  RELEASE_GIT_TAG_FAILED: {
    title: 'A release tag could not be created',
    cause:
      'After publishing, git could not list or create a release tag: the directory is not a git checkout, the repository has no commit yet, annotated tags need a `user.name`/`user.email` that is not configured, or `.git` is not writable. The packages reported as published are on the registry.',
    howToTell:
      'After the publish lines, "git could not list the tags in DIR" or "git could not create the tag TAG in DIR"; the packages reported as published are on the registry, only the tags are missing.',
  },
} satisfies CatalogueEntries;
