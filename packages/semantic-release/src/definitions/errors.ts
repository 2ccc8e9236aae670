import type { Fix } from '@trustpub/core';
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

/**
 * The fix of each plugin-level code, written once: the error's details end with it ("How to fix it",
 * as for core codes) and the README shows it. A builder takes the case's fields, as the core's fixes do.
 */
export const PLUGIN_FIXES = {
  EINVALIDPKGROOT:
    'Set `pkgRoot` to the package directory relative to the repository root, or remove it when using `workspaces`.',
  EINVALIDTARBALLDIR: 'Set `tarballDir` to a directory (created when missing), or remove it.',
  EINVALIDNPMPUBLISH: 'Use `true` or `false` (a string such as `"false"` is not accepted).',
  EINVALIDWORKSPACES:
    'Use `true` to release every publishable workspace package, or remove the option.',
  EINVALIDPROVENANCE:
    "Use `true` (require provenance), `false` (forbid it), or remove it for npm's automatic rule.",
  EINVALIDACCESS:
    'Use one of the two, or remove it to keep `publishConfig.access` or the registry default.',
  EINVALIDFALLBACKTOKENENV:
    'Set it to a variable name such as `"NPM_TOKEN"`. If you pasted a token into the config, revoke that token.',
  EINVALIDREGISTRY:
    'Use a full URL such as `"https://registry.npmjs.org/"`, or remove the option to use what npm would use.',
  EINVALIDSTAGE:
    'Use `true` to stage each version for approval (npm staged publishing), or remove it.',
  EINVALIDALLOWFILES:
    'List the files you reviewed (inside the package, or relative to the repository root), e.g. `["test/fixtures/key.pem"]`, or remove the option.',
  EINVALIDPACKAS:
    'Use `"npm"`, `"pnpm"`, `"yarn"` or `"bun"` (optionally with a major version, e.g. `"pnpm@10"`), or remove it to pack as the repository\'s own manager.',
  EINVALIDIGNORESCRIPTS:
    "Use `true` to run no lifecycle script, or remove it to follow npm's `ignore-scripts` setting.",
  EINVALIDSTRICT:
    'Use `true` to fail when a version already on the registry has different contents than this build, or remove it to get a warning.',
  ENOFALLBACKTOKEN: (c: { envName: string }) =>
    `Expose the secret to the release step (for example \`env: ${c.envName}: \${{ secrets.${c.envName} }}\` on GitHub Actions), or remove \`fallbackTokenEnv\` to publish through trusted publishing only.`,
  EWORKSPACEPUBLISH:
    'Fix the errors listed with this one, then publish the rest from the tagged commit in CI with `npx trustpub publish --workspaces`: it publishes only what is missing.',
} as const satisfies Record<PluginErrorCode, Fix>;

const howToFix = (fix: string): string => `\n\n**How to fix it:** ${fix}`;

const shown = (v: unknown): string =>
  typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));

const optionError =
  (code: OptionErrorCode, option: string, expected: string, { showValue = true } = {}) =>
  ({ value }: ErrorContext): { message: string; details: string } => ({
    message: `Invalid \`${option}\` option.`,
    details:
      `The ${optionLink(option)} option, if set, must be ${expected}.` +
      // A value that may be a pasted token is never echoed into the release log.
      (showValue ? `\n\nYour configuration for \`${option}\` is ${shown(value)}.` : '') +
      howToFix(PLUGIN_FIXES[code]),
  });

/** message + Markdown details for each plugin-level code. */
export const PLUGIN_ERRORS: Record<
  PluginErrorCode,
  (ctx: ErrorContext) => { message: string; details: string }
> = {
  EINVALIDPKGROOT: optionError(
    'EINVALIDPKGROOT',
    'pkgRoot',
    'a non-empty `String` (a directory relative to the repository root), and not set together with `workspaces: true`',
  ),
  EINVALIDTARBALLDIR: optionError(
    'EINVALIDTARBALLDIR',
    'tarballDir',
    'a non-empty `String` (a directory) or `false`',
  ),
  EINVALIDNPMPUBLISH: optionError('EINVALIDNPMPUBLISH', 'npmPublish', 'a `Boolean`'),
  EINVALIDWORKSPACES: optionError('EINVALIDWORKSPACES', 'workspaces', 'a `Boolean`'),
  EINVALIDPROVENANCE: optionError('EINVALIDPROVENANCE', 'provenance', 'a `Boolean`'),
  EINVALIDACCESS: optionError('EINVALIDACCESS', 'access', '`"public"` or `"restricted"`'),
  EINVALIDFALLBACKTOKENENV: optionError(
    'EINVALIDFALLBACKTOKENENV',
    'fallbackTokenEnv',
    'the *name* of an environment variable (letters, digits and `_`), never a token itself',
    { showValue: false },
  ),
  EINVALIDREGISTRY: optionError('EINVALIDREGISTRY', 'registry', 'an `http:` or `https:` URL'),
  EINVALIDSTAGE: optionError('EINVALIDSTAGE', 'stage', 'a `Boolean`'),
  EINVALIDALLOWFILES: optionError('EINVALIDALLOWFILES', 'allowFiles', 'an array of file paths'),
  EINVALIDPACKAS: optionError(
    'EINVALIDPACKAS',
    'packAs',
    'one of the package managers trustpub packs as',
  ),
  EINVALIDIGNORESCRIPTS: optionError('EINVALIDIGNORESCRIPTS', 'ignoreScripts', 'a `Boolean`'),
  EINVALIDSTRICT: optionError('EINVALIDSTRICT', 'strict', 'a `Boolean`'),
  ENOFALLBACKTOKEN: ({ envName = '' }) => ({
    message: `The fallback token variable \`${envName}\` is empty.`,
    details:
      `The ${optionLink('fallbackTokenEnv')} option names \`${envName}\`, but that environment variable is not set in this job.` +
      howToFix(PLUGIN_FIXES.ENOFALLBACKTOKEN({ envName })),
  }),
  EWORKSPACEPUBLISH: ({ summary }) => ({
    message: 'The workspaces release did not complete.',
    details: `${summary ?? ''}${howToFix(PLUGIN_FIXES.EWORKSPACEPUBLISH)}`,
  }),
};

/** Title and cause of each plugin-level code, for the README (its fix is PLUGIN_FIXES'). */
export const PLUGIN_ERROR_DOCS: Record<PluginErrorCode, { title: string; cause: string }> = {
  EINVALIDPKGROOT: {
    title: 'Invalid `pkgRoot` option',
    cause:
      '`pkgRoot` is not a non-empty string, or it is set together with `workspaces: true` (a workspaces release always starts at the repository root).',
  },
  EINVALIDTARBALLDIR: {
    title: 'Invalid `tarballDir` option',
    cause: '`tarballDir` is neither a non-empty string nor `false`.',
  },
  EINVALIDNPMPUBLISH: {
    title: 'Invalid `npmPublish` option',
    cause: '`npmPublish` is not a boolean.',
  },
  EINVALIDWORKSPACES: {
    title: 'Invalid `workspaces` option',
    cause: '`workspaces` is not a boolean.',
  },
  EINVALIDPROVENANCE: {
    title: 'Invalid `provenance` option',
    cause: '`provenance` is not a boolean.',
  },
  EINVALIDACCESS: {
    title: 'Invalid `access` option',
    cause: '`access` is neither `"public"` nor `"restricted"`.',
  },
  EINVALIDFALLBACKTOKENENV: {
    title: 'Invalid `fallbackTokenEnv` option',
    cause:
      '`fallbackTokenEnv` is not an environment variable name. It must name the variable, never hold a token (a token in a config file is a leaked token).',
  },
  EINVALIDSTAGE: {
    title: 'Invalid `stage` option',
    cause: '`stage` is not a boolean.',
  },
  EINVALIDALLOWFILES: {
    title: 'Invalid `allowFiles` option',
    cause: '`allowFiles` is not an array of non-empty strings.',
  },
  EINVALIDPACKAS: {
    title: 'Invalid `packAs` option',
    cause: '`packAs` is not one of the package managers trustpub packs as.',
  },
  EINVALIDIGNORESCRIPTS: {
    title: 'Invalid `ignoreScripts` option',
    cause: '`ignoreScripts` is not a boolean.',
  },
  EINVALIDSTRICT: {
    title: 'Invalid `strict` option',
    cause: '`strict` is not a boolean.',
  },
  EINVALIDREGISTRY: {
    title: 'Invalid `registry` option',
    cause: '`registry` is not an `http:` or `https:` URL.',
  },
  ENOFALLBACKTOKEN: {
    title: 'The fallback token variable is empty',
    cause: '`fallbackTokenEnv` names a variable that is not set in the release job.',
  },
  EWORKSPACEPUBLISH: {
    title: 'Workspaces release incomplete',
    cause:
      'At least one package of a `workspaces` release failed; the details list what was and was not published. Its dependents were not published. The git tag already exists, so semantic-release will not retry this version.',
  },
};
