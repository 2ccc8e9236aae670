import type { TrustpubErrorCode } from '@trustpub/core';
import type { OptionErrorCode } from '../options.js';

/** Where every code is explained (cause and fix); headings in the README are the codes themselves. */
export const README_URL =
  'https://github.com/trustpub/trustpub/blob/main/packages/semantic-release/README.md';

/** Markdown link to the README section of a code (GitHub anchors are the lower-cased heading). */
export const linkify = (code: string): string => `[${code}](${README_URL}#${code.toLowerCase()})`;

/** Markdown link to the options table, for an option name. */
export const optionLink = (option: string): string => `[\`${option}\`](${README_URL}#options)`;

/** Codes the plugin raises itself (options and plugin-level conditions). */
export type PluginErrorCode = OptionErrorCode | 'ENOFALLBACKTOKEN' | 'EWORKSPACEPUBLISH';

interface ErrorContext {
  option?: string;
  value?: unknown;
  envName?: string;
  summary?: string;
}

const shown = (v: unknown): string =>
  typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));

const optionError =
  (option: string, expected: string, { showValue = true } = {}) =>
  ({ value }: ErrorContext): { message: string; details: string } => ({
    message: `Invalid \`${option}\` option.`,
    details:
      `The ${optionLink(option)} option, if set, must be ${expected}.` +
      // A value that may be a pasted token is never echoed into the release log.
      (showValue ? `\n\nYour configuration for \`${option}\` is ${shown(value)}.` : ''),
  });

/** message + Markdown details for each plugin-level code. */
export const PLUGIN_ERRORS: Record<
  PluginErrorCode,
  (ctx: ErrorContext) => { message: string; details: string }
> = {
  EINVALIDPKGROOT: (ctx) =>
    ctx.option === 'pkgRoot' && ctx.summary
      ? { message: 'Invalid `pkgRoot` option.', details: ctx.summary }
      : optionError(
          'pkgRoot',
          'a non-empty `String` (a directory relative to the repository root); it cannot be combined with `workspaces: true`',
        )(ctx),
  EINVALIDTARBALLDIR: optionError('tarballDir', 'a non-empty `String` (a directory) or `false`'),
  EINVALIDNPMPUBLISH: optionError('npmPublish', 'a `Boolean`'),
  EINVALIDWORKSPACES: optionError('workspaces', 'a `Boolean`'),
  EINVALIDPROVENANCE: optionError(
    'provenance',
    "a `Boolean` (`true` requires provenance, `false` forbids it; leave it unset for npm's automatic rule)",
  ),
  EINVALIDACCESS: optionError('access', '`"public"` or `"restricted"`'),
  EINVALIDFALLBACKTOKENENV: optionError(
    'fallbackTokenEnv',
    'the *name* of an environment variable (letters, digits and `_`), never a token itself; if you put a token there, revoke it',
    { showValue: false },
  ),
  EINVALIDREGISTRY: optionError('registry', 'an `http:` or `https:` URL'),
  EINVALIDSTAGE: optionError(
    'stage',
    'a `Boolean` (`true` stages every version for a maintainer to approve with 2FA)',
  ),
  EINVALIDALLOWFILES: optionError(
    'allowFiles',
    'an array of file paths (inside the package, or relative to the repository root) that you reviewed',
  ),
  EINVALIDPACKAS: optionError(
    'packAs',
    '`"npm"`, `"pnpm"`, `"yarn"` or `"bun"` (optionally with a major version, e.g. `"pnpm@10"`)',
  ),
  EINVALIDIGNORESCRIPTS: optionError(
    'ignoreScripts',
    "a `Boolean` (`true` runs no lifecycle script; leave it unset for npm's `ignore-scripts` setting)",
  ),
  EINVALIDSTRICT: optionError(
    'strict',
    'a `Boolean` (`true` makes a version already on the registry with different contents an error)',
  ),
  ENOFALLBACKTOKEN: ({ envName }) => ({
    message: `The fallback token variable \`${envName}\` is empty.`,
    details: `The ${optionLink('fallbackTokenEnv')} option names \`${envName}\`, but that environment variable is not set in this job. Either expose the secret to the release step (for example \`env: ${envName}: \${{ secrets.${envName} }}\` on GitHub Actions), or remove \`fallbackTokenEnv\` to publish through trusted publishing only.`,
  }),
  EWORKSPACEPUBLISH: ({ summary }) => ({
    message: 'The workspaces release did not complete.',
    details: summary ?? '',
  }),
};

/** Cause and fix of each plugin-level code, for the README (core codes come from the core catalogue). */
export const PLUGIN_ERROR_DOCS: Record<
  PluginErrorCode,
  { title: string; cause: string; fix: string }
> = {
  EINVALIDPKGROOT: {
    title: 'Invalid `pkgRoot` option',
    cause:
      '`pkgRoot` is not a non-empty string, or it is set together with `workspaces: true` (a workspaces release always starts at the repository root).',
    fix: 'Set `pkgRoot` to the package directory relative to the repository root, or remove it when using `workspaces`.',
  },
  EINVALIDTARBALLDIR: {
    title: 'Invalid `tarballDir` option',
    cause: '`tarballDir` is neither a non-empty string nor `false`.',
    fix: 'Set it to a directory (created when missing), or remove it.',
  },
  EINVALIDNPMPUBLISH: {
    title: 'Invalid `npmPublish` option',
    cause: '`npmPublish` is not a boolean.',
    fix: 'Use `true` or `false` (a string such as `"false"` is not accepted).',
  },
  EINVALIDWORKSPACES: {
    title: 'Invalid `workspaces` option',
    cause: '`workspaces` is not a boolean.',
    fix: 'Use `true` to release every publishable workspace package, or remove the option.',
  },
  EINVALIDPROVENANCE: {
    title: 'Invalid `provenance` option',
    cause: '`provenance` is not a boolean.',
    fix: "Use `true` (require), `false` (forbid), or remove it for npm's automatic rule.",
  },
  EINVALIDACCESS: {
    title: 'Invalid `access` option',
    cause: '`access` is neither `"public"` nor `"restricted"`.',
    fix: 'Use one of the two, or remove it to keep `publishConfig.access` or the registry default.',
  },
  EINVALIDFALLBACKTOKENENV: {
    title: 'Invalid `fallbackTokenEnv` option',
    cause:
      '`fallbackTokenEnv` is not an environment variable name. It must name the variable, never hold a token (a token in a config file is a leaked token).',
    fix: 'Set it to a variable name such as `"NPM_TOKEN"`. If you pasted a token into the config, revoke that token.',
  },
  EINVALIDSTAGE: {
    title: 'Invalid `stage` option',
    cause: '`stage` is not a boolean.',
    fix: 'Use `true` to stage each version for approval (npm staged publishing), or remove it.',
  },
  EINVALIDALLOWFILES: {
    title: 'Invalid `allowFiles` option',
    cause: '`allowFiles` is not an array of non-empty strings.',
    fix: 'List the reviewed files, e.g. `["test/fixtures/key.pem"]`, or remove the option.',
  },
  EINVALIDPACKAS: {
    title: 'Invalid `packAs` option',
    cause: '`packAs` is not one of the package managers trustpub packs as.',
    fix: 'Use `"npm"`, `"pnpm"`, `"yarn"` or `"bun"`, or remove it to pack as the repository\'s own manager.',
  },
  EINVALIDIGNORESCRIPTS: {
    title: 'Invalid `ignoreScripts` option',
    cause: '`ignoreScripts` is not a boolean.',
    fix: "Use `true` to run no lifecycle script, or remove it to follow npm's `ignore-scripts` setting.",
  },
  EINVALIDSTRICT: {
    title: 'Invalid `strict` option',
    cause: '`strict` is not a boolean.',
    fix: 'Use `true` to fail when a version already on the registry has different contents than this build, or remove it to get a warning.',
  },
  EINVALIDREGISTRY: {
    title: 'Invalid `registry` option',
    cause: '`registry` is not an `http:` or `https:` URL.',
    fix: 'Use a full URL such as `"https://registry.npmjs.org/"`, or remove the option to use what npm would use.',
  },
  ENOFALLBACKTOKEN: {
    title: 'The fallback token variable is empty',
    cause: '`fallbackTokenEnv` names a variable that is not set in the release job.',
    fix: 'Expose the secret to the release step, or remove `fallbackTokenEnv` to publish through trusted publishing only.',
  },
  EWORKSPACEPUBLISH: {
    title: 'Workspaces release incomplete',
    cause:
      'At least one package of a `workspaces` release failed; the details list what was and was not published. Its dependents were not published. The git tag already exists, so semantic-release will not retry this version.',
    fix: 'Fix the errors listed with it, then publish the rest from the tagged commit in CI with `npx trustpub publish --workspaces`, which publishes only what is missing.',
  },
};

/**
 * Core hints speak in CLI flags (`--fallback-token-env`, `--no-provenance`); for these codes the
 * details also say which plugin option does the same.
 */
export const PLUGIN_ADVICE: Partial<Record<TrustpubErrorCode, string>> = {
  DIST_TAG_OIDC_REFUSED: `Set the ${optionLink('fallbackTokenEnv')} option to the name of an environment variable holding an npm token that may change dist-tags (for example \`"fallbackTokenEnv": "NPM_TOKEN"\`, with that secret exposed to the release job), or move the tag by hand with \`npm dist-tag add <name>@<version> <tag>\`. semantic-release records the channel in its git notes before addChannel runs, so re-running the job does not retry: move the tag by hand for this version.`,
  CONFIG_WRITE_TOKEN_MASKS_OIDC: `This plugin fails the release while such a token is present. Remove it from the release job, or, to keep it deliberately as a fallback, name its variable in the ${optionLink('fallbackTokenEnv')} option.`,
  PROVENANCE_PRIVATE_REPOSITORY: `Set \`"provenance": false\` in the plugin options (see ${optionLink('provenance')}), or make the repository public.`,
  PROVENANCE_UNSUPPORTED_CI: `Set \`"provenance": false\` in the plugin options (see ${optionLink('provenance')}).`,
  PROVENANCE_SELF_HOSTED_RUNNER: `Run the release job on a hosted runner, or set \`"provenance": false\` in the plugin options.`,
  PROVENANCE_NO_SIGSTORE_TOKEN: `On GitLab, declare \`SIGSTORE_ID_TOKEN\` with \`aud: sigstore\` under \`id_tokens\`, or set \`"provenance": false\` in the plugin options.`,
  CONFIG_RESTRICTED_UNSCOPED: `Set \`"access": "public"\` in the plugin options (see ${optionLink('access')}), or use a scoped name.`,
  RELEASE_DEPENDENCY_CYCLE: `With \`"workspaces": true\` every non-private workspace package is released; mark packages that should not be published \`"private": true\`.`,
};
