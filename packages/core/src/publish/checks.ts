import semverClean from 'semver/functions/clean.js';
import semverPrerelease from 'semver/functions/prerelease.js';
import semverValidRange from 'semver/ranges/valid.js';
import validateName from 'validate-npm-package-name';
import { TrustpubError, FIXES } from '../errors/index.js';
import type { Access } from '../kernel/index.js';

/** The dist-tag a publish applies, and whether someone chose it (npm: `--tag` or `publishConfig.tag`). */
export interface ResolvedTag {
  tag: string;
  explicit: boolean;
}

/** `--tag` / option first, then `publishConfig.tag`, then `latest` (npm's default tag). */
export function resolveTag(
  manifest: Readonly<Record<string, unknown>>,
  optionTag: string | undefined,
): ResolvedTag {
  const pcTag = publishConfigOf(manifest).tag;
  if (optionTag !== undefined) return { tag: optionTag, explicit: true };
  if (typeof pcTag === 'string' && pcTag) return { tag: pcTag, explicit: true };
  return { tag: 'latest', explicit: false };
}

/** Option first, then `publishConfig.access`; `null` means "the registry's default" (npm sends null). */
export function resolveAccess(
  manifest: Readonly<Record<string, unknown>>,
  optionAccess: Access | undefined,
): Access | null {
  const pc = publishConfigOf(manifest).access;
  const access = optionAccess ?? pc;
  if (access === undefined || access === null) return null;
  if (access === 'public' || access === 'restricted') return access;
  // npm's `private` is an alias of `restricted` on the command line; publishConfig takes the same values.
  if (access === 'private') return 'restricted';
  throw new TrustpubError(
    'CONFIG_INVALID_ACCESS',
    `The access level ${JSON.stringify(access)} is not one of "public" or "restricted".`,
    {
      hint: FIXES.CONFIG_INVALID_ACCESS,
    },
  );
}

/**
 * Refuses, before any request, what npm and libnpmpublish refuse: a private package, a name npm would
 * not accept, a version that is not semver, a prerelease without a chosen tag, an invalid tag, and
 * restricted access for an unscoped package.
 */
export function checkPublishable(
  manifest: Readonly<Record<string, unknown>> & { name: string; version: string },
  options: { tag: ResolvedTag; access: Access | null },
): void {
  const name = manifest.name;
  if (manifest.private === true || manifest.private === 'true') {
    throw new TrustpubError(
      'CONFIG_PRIVATE_PACKAGE',
      `${name} is marked "private": true in its package.json, so it is never published.`,
      {
        hint: FIXES.CONFIG_PRIVATE_PACKAGE.package,
        packageName: name,
      },
    );
  }
  const validity = validateName(name);
  if (!validity.validForNewPackages) {
    const why = [...(validity.errors ?? []), ...(validity.warnings ?? [])].join('; ');
    throw new TrustpubError(
      'CONFIG_INVALID_NAME',
      `The package name ${JSON.stringify(name)} is not valid for publishing: ${why}.`,
      {
        hint: FIXES.CONFIG_INVALID_NAME.invalid,
        packageName: name,
      },
    );
  }
  const version = typeof manifest.version === 'string' ? semverClean(manifest.version) : null;
  if (!version) {
    throw new TrustpubError(
      'CONFIG_INVALID_VERSION',
      `${name} has version ${JSON.stringify(manifest.version)}, which is not valid semver.`,
      {
        hint: FIXES.CONFIG_INVALID_VERSION,
        packageName: name,
      },
    );
  }
  checkTag(name, options.tag.tag);
  if (semverPrerelease(version) && !options.tag.explicit) {
    throw new TrustpubError(
      'CONFIG_PRERELEASE_NEEDS_TAG',
      `${name}@${version} is a prerelease, and npm never puts a prerelease on "latest" implicitly.`,
      {
        hint: FIXES.CONFIG_PRERELEASE_NEEDS_TAG,
        packageName: name,
      },
    );
  }
  if (options.access === 'restricted' && !name.startsWith('@')) {
    throw new TrustpubError(
      'CONFIG_RESTRICTED_UNSCOPED',
      `${name} is unscoped, and unscoped packages cannot have restricted access.`,
      {
        hint: FIXES.CONFIG_RESTRICTED_UNSCOPED({ name }),
        packageName: name,
      },
    );
  }
}

/** npm: a tag must not be a semver range and must be URL-safe (npa's rule). */
export function checkTag(name: string, tag: string): void {
  const why = tagProblem(tag);
  if (why) {
    throw new TrustpubError(
      'CONFIG_INVALID_TAG',
      `The dist-tag ${JSON.stringify(tag)} for ${name} is not allowed: ${why}.`,
      {
        hint: FIXES.CONFIG_INVALID_TAG,
        packageName: name,
      },
    );
  }
}

/** What is wrong with a dist-tag, if anything; asked for every package, so each tag is judged once. */
function tagProblem(tag: string): string | undefined {
  if (tagProblems.has(tag)) return tagProblems.get(tag);
  let why: string | undefined;
  if (!tag.trim()) why = 'it is empty';
  else if (semverValidRange(tag))
    why = 'it is a valid semver range, so installs could not tell it from a version';
  else if (encodeURIComponent(tag) !== tag) why = 'it has characters that must be escaped in URLs';
  tagProblems.set(tag, why);
  return why;
}

const tagProblems = new Map<string, string | undefined>();

function publishConfigOf(manifest: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const pc = manifest.publishConfig;
  return typeof pc === 'object' && pc !== null ? (pc as Record<string, unknown>) : {};
}
