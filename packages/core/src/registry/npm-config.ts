import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';
import { NpmConfigReads } from './npm-config-reads.js';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** One setting as npm resolved it: its value after `${VAR}` expansion and where it came from. */
export interface NpmConfigEntry {
  value: string;
  /** `env (npm_config_registry)`, a `.npmrc` path, ... */
  source: string;
  /** Variables referenced as `${VAR}` that are not set; npm then keeps the literal `${VAR}`. */
  missingEnv: string[];
}

/** The npm settings that apply in a directory: env > project `.npmrc` > user `.npmrc` (npm's precedence). */
export interface NpmConfig {
  readonly entries: ReadonlyMap<string, NpmConfigEntry>;
  readonly projectNpmrc: string | undefined;
  readonly userNpmrc: string | undefined;
}

// The same pattern @npmcli/config uses: `${VAR}`, `${VAR?}` (empty when unset), `\${VAR}` escapes.
const ENV_EXPR = /(?<!\\)(\\*)\$\{([^${}?]+)(\?)?\}/g;

/**
 * Loads npm's configuration for `cwd`: `npm_config_*` variables, the project `.npmrc` (at the project
 * root, or the workspace root above it) and the user `.npmrc` (`npm_config_userconfig` or `~/.npmrc`).
 * The global npmrc and builtin config are not read. Every credential found is registered as a secret.
 * `reads` shares the file reads with other loads of the same run (see NpmConfigReads).
 */
// eslint-disable-next-line @typescript-eslint/require-await -- a promise is the contract; the reads inside are sync on purpose
export async function loadNpmConfig(
  cwd: string,
  ctx: CoreContext,
  reads: NpmConfigReads = new NpmConfigReads(),
): Promise<NpmConfig> {
  const entries = new Map<string, NpmConfigEntry>();
  const put = (key: string, raw: string, source: string): void => {
    const k = expand(key, ctx).value;
    if (entries.has(k)) return; // an earlier (higher-precedence) layer already set it
    const { value, missingEnv } = expand(raw, ctx);
    // A value still holding an unset `${VAR}` is not a credential; registering it would redact the variable's name.
    if (/(_authToken|_auth|_password)$/.test(k) && !missingEnv.length) ctx.secrets.add(value);
    entries.set(k, { value, source, missingEnv });
  };

  for (const [name, value] of Object.entries(ctx.env)) {
    if (value === undefined || !/^npm_config_/i.test(name)) continue;
    // npm: strip the prefix, `_` -> `-` except a leading one, lower-case.
    const key = name
      .slice('npm_config_'.length)
      .replace(/(?!^)_/g, '-')
      .toLowerCase();
    put(key, value, `env (${name})`);
  }
  const projectRoot = findProjectRoot(resolve(ctx.cwd, cwd), reads);
  const projectNpmrc = projectRoot ? reads.npmrc(join(projectRoot, '.npmrc')) : undefined;
  if (projectNpmrc) for (const [k, v] of projectNpmrc.pairs) put(k, v, projectNpmrc.path);

  const userPath =
    entries.get('userconfig')?.value ?? (ctx.env.HOME ? join(ctx.env.HOME, '.npmrc') : undefined);
  const userNpmrc = userPath ? reads.npmrc(resolve(ctx.cwd, userPath)) : undefined;
  if (userNpmrc) for (const [k, v] of userNpmrc.pairs) put(k, v, userNpmrc.path);

  return { entries, projectNpmrc: projectNpmrc?.path, userNpmrc: userNpmrc?.path };
}

/** A setting's value, refusing one that still holds an unset `${VAR}` (it would be used literally). */
export function configValue(config: NpmConfig, key: string): string | undefined {
  const entry = config.entries.get(key);
  if (!entry) return undefined;
  if (entry.missingEnv.length) throw envMissing(key, entry);
  return entry.value;
}

/**
 * The registry npm publishes `name` to: `@scope:registry` (publishConfig, then config) wins over
 * `registry` (publishConfig, then config), then the public registry. Returned with a trailing slash.
 */
export function pickRegistry(name: string, manifest: object, config: NpmConfig): string {
  const publishConfig = (manifest as { publishConfig?: unknown }).publishConfig;
  const pc =
    typeof publishConfig === 'object' && publishConfig !== null
      ? (publishConfig as Record<string, unknown>)
      : {};
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  // A key that is set but empty is a mistake to report, not a reason to fall back to npmjs.
  const fromPc = (key: string) =>
    typeof pc[key] === 'string'
      ? { value: pc[key], source: 'package.json publishConfig' }
      : undefined;
  const fromConfig = (key: string) =>
    config.entries.has(key)
      ? { value: configValue(config, key) ?? '', source: config.entries.get(key)!.source }
      : undefined;
  const chosen = (scope && (fromPc(`${scope}:registry`) ?? fromConfig(`${scope}:registry`))) ||
    fromPc('registry') ||
    fromConfig('registry') || { value: DEFAULT_REGISTRY, source: 'npm default' };
  return normalizeRegistry(chosen.value, chosen.source);
}

/** Validates a registry URL and gives it the trailing slash relative URLs need. */
export function normalizeRegistry(value: string, source: string): string {
  if (!value.trim()) {
    throw new TrustpubError(
      'CONFIG_REGISTRY_INVALID',
      `The registry setting (from ${source}) is empty.`,
      {
        hint: FIXES.CONFIG_REGISTRY_INVALID,
      },
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TrustpubError(
      'CONFIG_REGISTRY_INVALID',
      `The registry "${value}" (from ${source}) is not a URL.`,
      {
        hint: FIXES.CONFIG_REGISTRY_INVALID,
      },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TrustpubError(
      'CONFIG_REGISTRY_INVALID',
      `The registry "${value}" (from ${source}) is not an http(s) URL.`,
      {
        hint: FIXES.CONFIG_REGISTRY_INVALID,
      },
    );
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * The `_authToken` npm would send to `registry`: the longest `//host[:port]/path/:_authToken` key that
 * is a prefix of the registry URL (npm-registry-fetch walks the path up one segment at a time).
 */
export function authTokenFor(registry: string, config: NpmConfig): string | undefined {
  const url = new URL(registry);
  let key = `//${url.host}${url.pathname}`;
  while (key.length > '//'.length) {
    const token = configValue(config, `${key}:_authToken`);
    if (token) return token;
    // `//host/a/b/` -> `//host/a/b` -> `//host/a/` ... as npm-registry-fetch does.
    key = key.replace(/([^/]+|\/)$/, '');
  }
  return undefined;
}

/** The key npm stores a registry's token under: `//host[:port]/path/:_authToken`. */
export function authKeyFor(registry: string): string {
  const url = new URL(registry);
  return `//${url.host}${url.pathname}:_authToken`;
}

function expand(text: string, ctx: CoreContext): { value: string; missingEnv: string[] } {
  const missingEnv: string[] = [];
  const value = text.replace(
    ENV_EXPR,
    (orig, esc: string, name: string, modifier: string | undefined) => {
      const env = ctx.env[name];
      if (env === undefined && modifier !== '?') missingEnv.push(name);
      const val = env ?? (modifier === '?' ? '' : `\${${name}}`);
      if (esc.length % 2) return orig.slice((esc.length + 1) / 2);
      return esc.slice(esc.length / 2) + val;
    },
  );
  return { value, missingEnv };
}

function envMissing(key: string, entry: NpmConfigEntry): TrustpubError {
  const vars = entry.missingEnv.map((v) => `\${${v}}`).join(', ');
  return new TrustpubError(
    'CONFIG_NPMRC_ENV_MISSING',
    `The npm setting "${key}" in ${entry.source} uses ${vars}, which is not set in the environment.`,
    {
      hint: FIXES.CONFIG_NPMRC_ENV_MISSING({ variables: entry.missingEnv, file: entry.source }),
      details: { key, source: entry.source, missing: entry.missingEnv },
    },
  );
}

/** npm's localPrefix: the nearest directory with a package.json, or the workspace root above it. */
function findProjectRoot(start: string, reads: NpmConfigReads): string | undefined {
  let found: string | undefined;
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = reads.manifest(join(dir, 'package.json'));
    if (manifest && !found) found = dir;
    if (manifest && found && dir !== found && listsWorkspace(manifest, relative(dir, found)))
      return dir;
    if (!manifest && !found && reads.exists(join(dir, 'node_modules'))) found = dir;
    if (dirname(dir) === dir) return found;
  }
}

/** Whether a root package.json's `workspaces` globs cover `rel` (npm only climbs to a root that lists us). */
function listsWorkspace(manifest: Record<string, unknown>, rel: string): boolean {
  const ws = manifest.workspaces;
  const globs = Array.isArray(ws)
    ? ws
    : Array.isArray((ws as { packages?: unknown })?.packages)
      ? (ws as { packages: unknown[] }).packages
      : [];
  const path = rel.split(sep).join('/');
  const patterns = globs
    .filter((glob): glob is string => typeof glob === 'string')
    .map((glob) => glob.replace(/^\.\//, '').replace(/\/+$/, ''));
  // Directories starting with a dot are workspaces too when a pattern names them.
  return patterns.length > 0 && workspaceMatcher(patterns)(path);
}

// Every package of a workspace climbs to the same root: its globs are compiled once per process.
const workspaceMatchers = new Map<string, (path: string) => boolean>();

function workspaceMatcher(patterns: string[]): (path: string) => boolean {
  const key = patterns.join('\0');
  let matcher = workspaceMatchers.get(key);
  if (!matcher) {
    matcher = picomatch(patterns, { dot: true });
    workspaceMatchers.set(key, matcher);
  }
  return matcher;
}
