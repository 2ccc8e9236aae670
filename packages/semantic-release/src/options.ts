import type { Access } from '@trustpub/core';

/** The plugin's own options, after validation. Unknown keys (semantic-release's globals) are ignored. */
export interface PluginOptions {
  /** Directory of the package to publish, relative to the repository root. Default `.`. */
  pkgRoot: string;
  /** Where `prepare` writes the tarball(s); the same tarball is then published. */
  tarballDir: string | undefined;
  /** `false` keeps the version bump but skips publishing and dist-tags. */
  npmPublish: boolean;
  /** Release every publishable package of the workspace at the repository root with one version. */
  workspaces: boolean;
  /** `true` requires provenance, `false` forbids it, unset applies npm's automatic rule. */
  provenance: boolean | undefined;
  access: Access | undefined;
  /** Name of an environment variable holding a token used only where the exchange is refused. */
  fallbackTokenEnv: string | undefined;
  /** Overrides the registry npm would choose. */
  registry: string | undefined;
  /** Stage instead of publishing (npm's staged publishing): a maintainer approves each version with 2FA. */
  stage: boolean;
  /** Files the secret scan accepts after review: paths inside the package or relative to the repository root. */
  allowFiles: string[] | undefined;
  /** Pack as this manager (`npm`, `pnpm`, `yarn`, `bun`) instead of the one the repository uses. */
  packAs: string | undefined;
  /** `true` runs no lifecycle script; unset follows npm's `ignore-scripts` setting. */
  ignoreScripts: boolean | undefined;
  /** `true` makes a version already on the registry whose contents differ from this build an error. */
  strict: boolean;
}

/** A validation failure: which option, and the plugin error code that describes it. */
export interface OptionProblem {
  code: OptionErrorCode;
  option: string;
  value: unknown;
}

export type OptionErrorCode =
  | 'EINVALIDPKGROOT'
  | 'EINVALIDTARBALLDIR'
  | 'EINVALIDNPMPUBLISH'
  | 'EINVALIDWORKSPACES'
  | 'EINVALIDPROVENANCE'
  | 'EINVALIDACCESS'
  | 'EINVALIDFALLBACKTOKENENV'
  | 'EINVALIDREGISTRY'
  | 'EINVALIDSTAGE'
  | 'EINVALIDALLOWFILES'
  | 'EINVALIDPACKAS'
  | 'EINVALIDIGNORESCRIPTS'
  | 'EINVALIDSTRICT';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** npm granular/automation tokens (`npm_` + 36 characters) are valid variable names too; refuse them. */
const NPM_TOKEN_SHAPE = /^npm_[A-Za-z0-9]{30,}$/;
const isEnvName = (v: unknown): v is string =>
  typeof v === 'string' && ENV_NAME.test(v) && !NPM_TOKEN_SHAPE.test(v);

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isOptionalBoolean = (v: unknown): v is boolean | undefined =>
  v === undefined || typeof v === 'boolean';

function isRegistryUrl(v: unknown): v is string {
  if (!isNonEmptyString(v)) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Validates the plugin options and reports every problem at once (semantic-release shows them
 * together). `null` counts as unset, as semantic-release configs written in YAML often produce it.
 */
export function validateOptions(raw: Readonly<Record<string, unknown>>): {
  options: PluginOptions;
  problems: OptionProblem[];
} {
  const get = (key: string): unknown => (raw[key] === null ? undefined : raw[key]);
  const problems: OptionProblem[] = [];
  const check = (ok: boolean, code: OptionErrorCode, option: string): void => {
    if (!ok) problems.push({ code, option, value: get(option) });
  };
  const pkgRoot = get('pkgRoot');
  const tarballDir = get('tarballDir');
  const access = get('access');
  const fallbackTokenEnv = get('fallbackTokenEnv');
  const registry = get('registry');
  check(pkgRoot === undefined || isNonEmptyString(pkgRoot), 'EINVALIDPKGROOT', 'pkgRoot');
  check(
    tarballDir === undefined || tarballDir === false || isNonEmptyString(tarballDir),
    'EINVALIDTARBALLDIR',
    'tarballDir',
  );
  check(isOptionalBoolean(get('npmPublish')), 'EINVALIDNPMPUBLISH', 'npmPublish');
  check(isOptionalBoolean(get('workspaces')), 'EINVALIDWORKSPACES', 'workspaces');
  check(isOptionalBoolean(get('provenance')), 'EINVALIDPROVENANCE', 'provenance');
  check(
    access === undefined || access === 'public' || access === 'restricted',
    'EINVALIDACCESS',
    'access',
  );
  check(
    fallbackTokenEnv === undefined || isEnvName(fallbackTokenEnv),
    'EINVALIDFALLBACKTOKENENV',
    'fallbackTokenEnv',
  );
  check(registry === undefined || isRegistryUrl(registry), 'EINVALIDREGISTRY', 'registry');
  check(isOptionalBoolean(get('stage')), 'EINVALIDSTAGE', 'stage');
  const allowFiles = get('allowFiles');
  const isFileList = (v: unknown): v is string[] =>
    Array.isArray(v) && v.every((f) => isNonEmptyString(f));
  check(allowFiles === undefined || isFileList(allowFiles), 'EINVALIDALLOWFILES', 'allowFiles');
  const packAs = get('packAs');
  const isPackAs = (v: unknown): v is string =>
    typeof v === 'string' && /^(npm|pnpm|yarn|bun)(@\d+[\w.+-]*)?$/.test(v);
  check(packAs === undefined || isPackAs(packAs), 'EINVALIDPACKAS', 'packAs');
  check(isOptionalBoolean(get('ignoreScripts')), 'EINVALIDIGNORESCRIPTS', 'ignoreScripts');
  check(isOptionalBoolean(get('strict')), 'EINVALIDSTRICT', 'strict');
  // A workspaces release publishes from the root; combining it with pkgRoot would be ambiguous.
  if (get('workspaces') === true && pkgRoot !== undefined)
    problems.push({ code: 'EINVALIDPKGROOT', option: 'pkgRoot', value: pkgRoot });
  const options: PluginOptions = {
    pkgRoot: isNonEmptyString(pkgRoot) ? pkgRoot : '.',
    tarballDir: isNonEmptyString(tarballDir) ? tarballDir : undefined,
    npmPublish: get('npmPublish') !== false,
    workspaces: get('workspaces') === true,
    provenance: typeof get('provenance') === 'boolean' ? (get('provenance') as boolean) : undefined,
    access: access === 'public' || access === 'restricted' ? access : undefined,
    fallbackTokenEnv: isEnvName(fallbackTokenEnv) ? fallbackTokenEnv : undefined,
    registry: isRegistryUrl(registry) ? registry : undefined,
    stage: get('stage') === true,
    allowFiles: isFileList(allowFiles) && allowFiles.length ? allowFiles : undefined,
    packAs: isPackAs(packAs) ? packAs : undefined,
    ignoreScripts:
      typeof get('ignoreScripts') === 'boolean' ? (get('ignoreScripts') as boolean) : undefined,
    strict: get('strict') === true,
  };
  return { options, problems };
}
