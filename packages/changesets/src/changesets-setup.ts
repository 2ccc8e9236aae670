import { readConfig } from '@changesets/config';
import { readPreState } from '@changesets/pre';
import type { Config, Packages, PreState } from '@changesets/types';
import { getPackages } from '@manypkg/get-packages';
import { FIXES, TrustpubError } from '@trustpub/core';

/** What `changeset publish` reads before it plans: the packages, `.changeset/config.json` and pre mode. */
export interface ChangesetsSetup {
  packages: Packages;
  config: Config;
  /** `.changeset/pre.json`, when the repository is in (or leaving) pre mode. */
  preState: PreState | undefined;
  /** A single-package repository: changesets tags it `v<version>` instead of `name@version`. */
  singlePackage: boolean;
  /** Warnings `@changesets/config` reported (unknown keys and the like); shown, not fatal. */
  warnings: string[];
}

/**
 * Reads the changesets setup with changesets' own libraries (`@manypkg/get-packages`,
 * `@changesets/config`, `@changesets/pre`), so glob expansion of `ignore`, the defaults of each
 * major and the validation messages are exactly changesets'.
 */
export async function readChangesetsSetup(cwd: string): Promise<ChangesetsSetup> {
  let packages: Packages;
  try {
    packages = await getPackages(cwd);
  } catch (error) {
    throw new TrustpubError(
      'CONFIG_MANIFEST_NOT_FOUND',
      `No package.json was found in or above ${cwd}: ${errorText(error)}.`,
      {
        hint: FIXES.CONFIG_MANIFEST_NOT_FOUND.changesets,
        cause: error,
      },
    );
  }
  const parsed = await readConfig(packages.rootDir, packages).catch((error: unknown) => {
    throw new TrustpubError(
      'CONFIG_INVALID_OPTION',
      `.changeset/config.json could not be read: ${errorText(error)}.`,
      {
        hint: FIXES.CONFIG_INVALID_OPTION.changesetsConfigUnreadable,
        cause: error,
      },
    );
  });
  if (parsed.errors !== undefined) {
    throw new TrustpubError(
      'CONFIG_INVALID_OPTION',
      `.changeset/config.json is invalid: ${parsed.errors.join('; ')}.`,
      {
        hint: FIXES.CONFIG_INVALID_OPTION.changesetsConfigInvalid,
      },
    );
  }
  const preState = await readPreState(packages.rootDir).catch((error: unknown) => {
    throw new TrustpubError(
      'CONFIG_INVALID_OPTION',
      `.changeset/pre.json could not be read: ${errorText(error)}.`,
      {
        hint: FIXES.CONFIG_INVALID_OPTION.changesetsPreUnreadable,
        cause: error,
      },
    );
  });
  return {
    packages,
    config: parsed.config,
    preState,
    singlePackage: packages.tool.type === 'root',
    warnings: parsed.warnings,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
}
