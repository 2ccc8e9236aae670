import type { CatalogueEntries } from './entry.js';

/** Catalogue entries: configuration: manifests, npm config, options. */
export const CONFIG_ENTRIES = {
  // Configuration
  CONFIG_MANIFEST_INVALID: {
    title: 'package.json is not valid',
    cause: 'package.json is not JSON, or not a JSON object.',
    howToTell:
      'The message names the file and, for JSON, the line and column of the syntax error (or the YAML error of pnpm-workspace.yaml); reported before anything is packed.',
  },
  CONFIG_MANIFEST_NOT_FOUND: {
    title: 'No package.json',
    cause: 'The directory given has no readable package.json.',
    howToTell:
      '"No package.json" in the named directory, or "DIR is not a workspace root" with `--workspaces`; reported before anything is sent.',
  },
  CONFIG_PRIVATE_PACKAGE: {
    title: 'Package is private',
    cause: 'package.json has `"private": true`; npm never publishes such a package.',
    howToTell:
      'The message says the package is marked "private": true; in a multi-package release private packages appear as skipped (private) instead. At a private workspace root without --workspaces (or when every selected package is private), `trustpub publish` and `doctor` stop with exit code 4 and a fix naming --workspaces; nothing is published.',
  },
  CONFIG_INVALID_NAME: {
    title: 'Invalid package name',
    cause: 'validate-npm-package-name refuses the name for new packages.',
    howToTell:
      'The message quotes the name and the npm naming rule it breaks ("is not valid for publishing: ..."), or says package.json has no "name".',
  },
  CONFIG_INVALID_VERSION: {
    title: 'Version is not semver',
    cause: 'The version is missing or not a valid semantic version (npm: `invalid semver`).',
    howToTell:
      'The message quotes the version and says it is not valid semver, or that package.json has no "version".',
  },
  CONFIG_PRERELEASE_NEEDS_TAG: {
    title: 'Prerelease without a tag',
    cause: 'npm never puts a prerelease on `latest` implicitly.',
    howToTell:
      '"NAME@VERSION is a prerelease, and npm never puts a prerelease on "latest" implicitly"; reported before packing, nothing is sent.',
  },
  CONFIG_INVALID_TAG: {
    title: 'Invalid dist-tag',
    cause: 'The tag is empty, a valid semver range, or needs URL escaping.',
    howToTell:
      'The message quotes the dist-tag and why it is refused (a semver range or version, empty, or characters npm does not allow).',
  },
  CONFIG_RESTRICTED_UNSCOPED: {
    title: 'Restricted access for an unscoped package',
    cause:
      "Only scoped packages can be restricted (npm: `Can't restrict access to unscoped packages.`).",
    howToTell:
      '"NAME is unscoped, and unscoped packages cannot have restricted access"; `trustpub doctor` reports it as an error for the package.',
  },
  CONFIG_INVALID_ACCESS: {
    title: 'Invalid access level',
    cause: 'Access is not `public` or `restricted`.',
    howToTell:
      'The message quotes the access value and says it is not "public" or "restricted" (from the option or publishConfig.access).',
  },
  CONFIG_WORKSPACE_TARGET_UNKNOWN: {
    title: 'Unknown workspace: dependency',
    cause: 'A `workspace:` range names a package that is not in the workspace.',
    howToTell:
      'The message names the dependency field and the `workspace:` spec, and says no workspace package has that name (or no workspace was found).',
  },
  CONFIG_WORKSPACE_RANGE_INVALID: {
    title: 'Invalid workspace: range',
    cause: 'The part after `workspace:` is not `*`, `^`, `~`, a path or a semver range.',
    howToTell:
      "The message names the dependency and the `workspace:` range, and either says it is not a semver range or gives the workspace package's version the range does not accept.",
  },
  CONFIG_CATALOG_ENTRY_UNKNOWN: {
    title: 'Unknown catalog: entry',
    cause: 'A `catalog:` range names a dependency or catalog that is not defined.',
    howToTell:
      'The message names the dependency and its `catalog:` spec, and says which catalog lacks the entry (or that no catalog definition was found).',
  },
  CONFIG_NPMRC_ENV_MISSING: {
    title: '.npmrc uses an unset variable',
    cause:
      'A setting trustpub needs (registry, or the named fallback token) contains `${VAR}` and `VAR` is not set; npm would use the literal text.',
    howToTell:
      '"The npm setting "KEY" in FILE uses ${VAR}, which is not set in the environment": names the file, the key and the variable.',
  },
  CONFIG_REGISTRY_INVALID: {
    title: 'Registry is not a URL',
    cause: 'The registry setting (option, publishConfig, env or .npmrc) is not an http(s) URL.',
    howToTell:
      'The message quotes the registry value and where it came from (.npmrc, environment, publishConfig, --registry) and says it is not an http(s) URL.',
  },
  CONFIG_WRITE_TOKEN_MASKS_OIDC: {
    title: 'A write token is configured',
    cause:
      "An `_authToken` for the registry is configured (often setup-node's placeholder); npm would fall back to it silently when OIDC fails.",
    howToTell:
      '`trustpub doctor` shows a warning naming the variable (NPM_TOKEN, NODE_AUTH_TOKEN, the setup-node placeholder "XXXXX-...") or the .npmrc `_authToken` line, never its value. With npm alone it shows up as a misleading E404 or "Access token expired or revoked".',
  },
  CONFIG_REPOSITORY_MISMATCH: {
    title: 'repository.url does not match the job',
    cause:
      'package.json `repository.url` differs from the repository the job runs in; npmjs rejects provenance for it.',
    howToTell:
      '`trustpub doctor` names the package.json "repository" and the repository the job runs in; an error when provenance will be made, a warning otherwise. Without the check the registry answers 422 on the upload.',
  },
  CONFIG_INVALID_OPTION: {
    title: 'Invalid option',
    cause:
      'An option or setting has a value trustpub cannot use (for example provenance not true/false).',
    howToTell:
      'The message names the option or setting and the value it got (a command-line flag, a plugin option, `.changeset/config.json`, a provenance setting that is not true/false); nothing is sent.',
  },
  CONFIG_LATEST_DOWNGRADE: {
    title: '`latest` would go backwards',
    cause:
      'A higher version is already published and no tag was chosen; npm refuses to move `latest` to a lower version implicitly.',
    howToTell:
      '"NAME@VERSION would take the "latest" tag, but HIGHER is already published and higher"; reported before the upload.',
  },
  CONFIG_DUPLICATE_PACKAGE_NAME: {
    title: 'Two workspace packages share a name',
    cause:
      'Two folders of the workspace have the same `name` in their package.json; only one of them could ever be published under it.',
    howToTell:
      '"NAME is the name of more than one workspace package (DIR1, DIR2)"; reported by `trustpub doctor` and by publish before anything is sent.',
  },
  TOKEN_TRANSPORT_INSECURE: {
    title: 'A token would travel in plain text',
    cause:
      "The registry (or the CI's ID-token URL, or the trust API) is an `http://` address of another machine: the ID token, the exchanged token or a maintainer token would cross the network unencrypted, and an ID token could be replayed against the real registry (its audience names only the host).",
    howToTell:
      '"Refused to send a token to http://HOST/PATH (...): it is plain http to another machine ... Nothing was sent." The refusal happens before any connection, in publish, doctor, dist-tag and trust alike.',
  },
  CLI_USAGE: {
    title: 'Wrong command line',
    cause:
      'An unknown command or option, a missing or invalid value, or options that contradict each other (`--provenance --no-provenance`).',
    howToTell:
      '`CLI_USAGE: trustpub <command>: ...` on stderr and exit code 2; nothing is read or sent.',
  },
} satisfies CatalogueEntries;
