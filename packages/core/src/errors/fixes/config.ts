import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/** Fixes: configuration: manifests, npm config, options, workspaces. */
export const CONFIG_FIXES = {
  CONFIG_MANIFEST_INVALID: {
    json: 'Fix the JSON syntax at the place named (a trailing comma or a missing quote is the usual cause).',
    yaml: (c: { file: string }) => `Fix the YAML syntax of ${c.file}.`,
    notObject: 'Make package.json a JSON object with at least "name" and "version".',
    npmRefused: (c: { file: string }) => `Fix ${c.file} where the message says.`,
    publishDirectory:
      'Set publishConfig.directory to the folder (relative to package.json) whose contents are published, or remove it.',
    workspacePackages:
      'Give every directory the workspace globs match a valid package.json with a "name".',
  },
  CONFIG_MANIFEST_NOT_FOUND: {
    package:
      'Point trustpub at the directory that holds the package.json of the package to publish.',
    workspaceRoot:
      'Run from the repository root, or pass the directory that holds pnpm-workspace.yaml or the package.json with "workspaces".',
    changesets:
      'Run changeset-oidc from the root of the repository that holds .changeset/config.json.',
  },
  CONFIG_PRIVATE_PACKAGE: {
    package:
      'Remove the "private" field from package.json to publish it, or leave the package out of the release.',
    workspaceRoot: (c: { packages: string }) =>
      `Pass --workspaces to select the workspace packages (${c.packages}), or name the ones you mean as PATHs.`,
    allPrivate:
      'Remove "private" from the package.json of a package that should be published, or select other packages.',
  },
  CONFIG_INVALID_NAME: {
    missing: 'Set "name" to the package name to publish, e.g. "my-package" or "@scope/my-package".',
    invalid:
      'Rename the package in package.json: lower-case letters, digits, "-", "." and "_", at most 214 characters, optionally @scope/name, without spaces or leading dots.',
  },
  CONFIG_INVALID_VERSION:
    'Set "version" in package.json to the semantic version to publish, such as 1.2.3 or 2.0.0-beta.1.',
  CONFIG_PRERELEASE_NEEDS_TAG:
    'Choose a dist-tag for the prerelease (for example --tag next, or publishConfig.tag).',
  CONFIG_INVALID_TAG:
    'Use a plain word such as latest, next or beta (letters, digits, "-", "_", ".").',
  CONFIG_RESTRICTED_UNSCOPED: (c: { name: string }) =>
    `Publish it with access "public" (--access public, or remove publishConfig.access), or rename it to a scoped name such as @your-org/${c.name} to keep it restricted.`,
  CONFIG_INVALID_ACCESS:
    'Use access "public" or "restricted" (option or publishConfig.access), or leave it out for the registry default.',
  CONFIG_WORKSPACE_TARGET_UNKNOWN: {
    notInWorkspace: (c: { dependency: string; spec: string }) =>
      `Add the package to the workspace (its package.json "name" must be "${c.dependency}"), or replace "${c.spec}" with a registry range.`,
    noWorkspace:
      'Publish from inside the workspace (pnpm-workspace.yaml or package.json "workspaces"), or replace the range with a registry range.',
  },
  CONFIG_WORKSPACE_RANGE_INVALID: {
    notSemver: 'Use workspace:*, workspace:^, workspace:~ or workspace:<semver range>.',
    notAccepted: (c: { version: string }) =>
      `Widen the range to accept ${c.version} (or use workspace:^), or publish with the workspace at a matching version.`,
  },
  CONFIG_CATALOG_ENTRY_UNKNOWN: {
    defaultCatalog: (c: { dependency: string }) =>
      `Add "${c.dependency}" to "catalog" in pnpm-workspace.yaml (or .yarnrc.yml / package.json "workspaces.catalog"), or use a plain range.`,
    namedCatalog: (c: { dependency: string; catalog: string }) =>
      `Add "${c.dependency}" under catalogs.${c.catalog} in pnpm-workspace.yaml (or .yarnrc.yml / package.json "workspaces.catalogs"), or use a plain range.`,
  },
  CONFIG_NPMRC_ENV_MISSING: (c: { variables: readonly string[]; file: string }) =>
    `Set ${c.variables.join(', ')} for this step, or remove/change the line in ${c.file} (write \${VAR?} for "empty when unset").`,
  CONFIG_REGISTRY_INVALID:
    'Set the registry (or the URL the message names) to a full http(s) URL such as https://registry.npmjs.org/, or remove the setting to use the default.',
  CONFIG_WRITE_TOKEN_MASKS_OIDC: {
    setupNodePlaceholder:
      'Remove `registry-url` from actions/setup-node in the publishing job (or unset NODE_AUTH_TOKEN there); trusted publishing needs no token.',
    variable: (c: { variable: string }) =>
      `Remove ${c.variable} from the publishing job's environment and delete the secret once trusted publishing works; pass --fallback-token-env ${c.variable} only if you deliberately want a token fallback.`,
    npmrc: (c: { key: string }) =>
      `Remove the \`${c.key}\` line from the .npmrc used by the publishing job (actions/setup-node writes it when \`registry-url\` is set); installs of private packages should use a read-only token (trustpub install-auth).`,
  },
  CONFIG_REPOSITORY_MISMATCH: (c: { name: string; url: string }) =>
    `Set "repository": { "type": "git", "url": "${c.url}" } in ${c.name}'s package.json (add "directory" for a monorepo package).`,
  CONFIG_INVALID_OPTION: {
    packAs:
      'Use one of npm, pnpm, yarn or bun (optionally with a major version, e.g. pnpm@10), or leave it out to detect it from the workspace.',
    provenance:
      'Set provenance to true or false, or remove the setting to use npm’s automatic rule.',
    wholeNumber: (c: { name: string }) =>
      `Set ${c.name} to a whole number such as 2, or unset it for the default.`,
    seconds: (c: { name: string }) =>
      `Set ${c.name} to a number of seconds such as 30, or unset it for the default.`,
    commandFlags: 'Run the command with --help to see its flags.',
    pace: 'Pass e.g. --pace 2000 to wait two seconds between registry calls.',
    changesetsUsage:
      'Run `changeset-oidc publish [--tag TAG] [--no-git-tag] [--from-pack-dir DIR] [--output FILE]`; see `changeset-oidc --help`.',
    changesetsPreModeTag:
      'Leave pre mode with `changeset pre exit`, or publish without --tag (pre mode publishes to its own tag).',
    changesetsConfigUnreadable:
      'Run `changeset init` to create .changeset/config.json, or fix the JSON syntax of the file.',
    changesetsConfigInvalid:
      'Correct the listed settings in .changeset/config.json (see https://github.com/changesets/changesets/blob/main/docs/config-file-options.md).',
    changesetsPreUnreadable: 'Fix .changeset/pre.json or leave pre mode with `changeset pre exit`.',
  },
  CONFIG_LATEST_DOWNGRADE:
    'Publish older lines with an explicit dist-tag (for example --tag release-1.x, or publishConfig.tag).',
  CONFIG_DUPLICATE_PACKAGE_NAME:
    'Give each workspace package its own "name" (or remove the copy from the workspace globs).',
  TOKEN_TRANSPORT_INSECURE: (c: { httpsUrl: string }) =>
    `Use https (${c.httpsUrl}) where this URL is set (.npmrc \`registry=\` or \`@scope:registry=\`, publishConfig.registry, --registry, npm_config_registry), or plain http only for a registry on this machine (127.0.0.1, ::1, localhost).`,
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
