import type { TrustpubErrorCode } from '@trustpub/core';

/**
 * The CLI flags core fixes name, and the plugin option that does the same. The core's fix is shown
 * as it is; this only says which option stands for a flag it names, so no advice is written twice.
 */
const OPTION_FOR_FLAG: readonly (readonly [flag: string, option: string, value: string])[] = [
  ['--fallback-token-env', 'fallbackTokenEnv', '"NPM_TOKEN"'],
  ['--no-provenance', 'provenance', 'false'],
  ['--access public', 'access', '"public"'],
  ['--workspaces', 'workspaces', 'true'],
  ['--stage', 'stage', 'true'],
  ['--strict', 'strict', 'true'],
  ['--pack-as', 'packAs', '"pnpm"'],
  ['--ignore-scripts', 'ignoreScripts', 'true'],
  ['--allow-file', 'allowFiles', '["path/to/file"]'],
];

/** What only this plugin adds to a core code's fix (how semantic-release behaves around it). */
const PLUGIN_NOTES: Partial<Record<TrustpubErrorCode, string>> = {
  DIST_TAG_OIDC_REFUSED:
    'semantic-release records the channel in its git notes before addChannel runs, so re-running the job does not retry: move the tag by hand for this version.',
  CONFIG_WRITE_TOKEN_MASKS_OIDC: 'This plugin fails the release while such a token is present.',
  RELEASE_DEPENDENCY_CYCLE:
    'With `"workspaces": true` every non-private workspace package is released; mark packages that should not be published `"private": true`.',
};

// Codes only `trustpub trust`, `install-auth` and the command line raise: their flags are not the
// plugin's.
const CLI_ONLY = /^(TRUST_|INSTALL_AUTH_|CLI_USAGE$)/;

/** "With this plugin": the options standing for the flags `fix` names, and the plugin's own note. */
export function pluginAdvice(code: TrustpubErrorCode, fix: string): string | undefined {
  const options = CLI_ONLY.test(code)
    ? []
    : OPTION_FOR_FLAG.filter(([flag]) => new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(fix)).map(
        ([flag, option, value]) => `\`${flag}\` is the plugin option \`"${option}": ${value}\`.`,
      );
  const parts = [...options, ...(PLUGIN_NOTES[code] ? [PLUGIN_NOTES[code]] : [])];
  return parts.length ? parts.join(' ') : undefined;
}
