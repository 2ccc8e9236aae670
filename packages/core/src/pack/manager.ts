import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXES, TrustpubError } from '../errors/index.js';
import type { CoreContext } from '../kernel/index.js';

/** The package managers whose packing trustpub reproduces. */
export const PACK_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackManagerName = (typeof PACK_MANAGERS)[number];

/** The manager a package is packed as, with the major version where its rules changed between versions. */
export interface PackManager {
  name: PackManagerName;
  /** Major version, when known (the `packageManager` field); pnpm 11 keeps execute bits pnpm 10 drops. */
  major?: number | undefined;
  /** What decided it, for the log: `packAs`, `packageManager field`, `pnpm-workspace.yaml`, ... */
  source: string;
}

/** The files that name a manager, in the order they are checked in one directory. */
const MARKERS: [string, PackManagerName][] = [
  ['pnpm-workspace.yaml', 'pnpm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['.yarnrc.yml', 'yarn'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/**
 * Which manager would publish the package in `dir`, decided as the ecosystem decides it: an explicit
 * `packAs` first; then, at the workspace root when the package belongs to one (a release runs the root's
 * manager), else walking up from the package: the `packageManager` field (corepack's rule), then the
 * workspace file and lockfiles (`pnpm-workspace.yaml`, `pnpm-lock.yaml`, `bun.lock(b)`, `.yarnrc.yml`,
 * `yarn.lock`, `package-lock.json`). Nothing found is npm. Yarn 1 (a `yarn.lock` without berry's
 * `__metadata`, or `packageManager: yarn@1`) packs with npm's rules here: its own are not reproduced.
 * @throws TrustpubError `CONFIG_INVALID_OPTION` for an unknown `packAs`.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- a promise is the contract; the reads inside are sync on purpose
export async function detectPackManager(
  dir: string,
  options: { packAs?: string | undefined; workspaceRoot?: string | undefined },
  ctx: CoreContext,
): Promise<PackManager> {
  if (options.packAs !== undefined) return { ...parsePackAs(options.packAs), source: 'packAs' };
  const start = path.resolve(ctx.cwd, options.workspaceRoot ?? dir);
  for (let current = start; ; current = path.dirname(current)) {
    const found = managerIn(current);
    if (found) {
      ctx.logger.debug(`packing as ${found.name} (${found.source} in ${current})`);
      return found;
    }
    if (options.workspaceRoot !== undefined || path.dirname(current) === current) break;
  }
  return { name: 'npm', source: 'default' };
}

/**
 * Parses `npm`, `pnpm`, `yarn`, `bun`, optionally with a version (`pnpm@11`, `yarn@4.5.0`).
 * @throws TrustpubError `CONFIG_INVALID_OPTION`.
 */
export function parsePackAs(value: string): Omit<PackManager, 'source'> {
  const match = /^(npm|pnpm|yarn|bun)(?:@(\d+)[\w.+-]*)?$/.exec(value.trim());
  if (!match) {
    throw new TrustpubError(
      'CONFIG_INVALID_OPTION',
      `"${value}" is not a package manager trustpub can pack as (packAs / --pack-as).`,
      {
        hint: FIXES.CONFIG_INVALID_OPTION.packAs,
      },
    );
  }
  return fromNameAndMajor(match[1] as PackManagerName, match[2]);
}

function fromNameAndMajor(name: PackManagerName, major: string | undefined) {
  const version = major === undefined ? undefined : Number(major);
  // Yarn 1 is a different program with npm-like packing; its rules are not reproduced.
  if (name === 'yarn' && version !== undefined && version < 2) return { name: 'npm' as const };
  return version === undefined ? { name } : { name, major: version };
}

function managerIn(dir: string): PackManager | undefined {
  // Sync: a folder listing and a small file, for every package packed or listed (see registry/npm-config.ts).
  const entries = tryRead(() => readdirSync(dir), [] as string[]);
  if (entries.includes('package.json')) {
    const text = tryRead(() => readFileSync(path.join(dir, 'package.json'), 'utf8'), '');
    let field: unknown;
    try {
      field = (JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>).packageManager;
    } catch {
      field = undefined;
    }
    const match = typeof field === 'string' ? /^(npm|pnpm|yarn|bun)@(\d+)/.exec(field) : null;
    if (match) {
      return {
        ...fromNameAndMajor(match[1] as PackManagerName, match[2]),
        source: 'packageManager field',
      };
    }
  }
  for (const [file, name] of MARKERS) {
    if (!entries.includes(file)) continue;
    if (file === 'yarn.lock' && !entries.includes('.yarnrc.yml')) {
      const lock = tryRead(() => readFileSync(path.join(dir, file), 'utf8'), '');
      if (!lock.includes('__metadata:')) return { name: 'npm', source: 'yarn.lock of yarn 1' };
    }
    return { name, source: file };
  }
  return undefined;
}

/** What `read` returns, or `fallback` when the file or folder cannot be read. */
function tryRead<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
