import type * as Tar from 'tar';
import type Packlist from 'npm-packlist';
import type PackageJsonClass from '@npmcli/package-json';
import { loadOnce } from '../kernel/index.js';
import { cachingPacklist } from './packlist-walk.js';

/** npm's own packing libraries, as the packing step uses them (npm-packlist's rules compiled once). */
export interface PackLibs {
  tar: typeof Tar;
  packlist: typeof Packlist;
  PackageJson: typeof PackageJsonClass;
}

/**
 * tar, npm-packlist and @npmcli/package-json, loaded on first use (once per process). A release's first
 * requests (the plan's packument reads, the ID token) need none of them and loading them costs about
 * 30 ms of start-up, so they load while those requests travel (`preloadPackLibs`).
 */
export const packLibs: () => Promise<PackLibs> = loadOnce(() =>
  Promise.all([import('tar'), import('npm-packlist'), import('@npmcli/package-json')]).then(
    ([tar, packlist, packageJson]) => ({
      tar,
      packlist: cachingPacklist(packlist.default),
      PackageJson: packageJson.default,
    }),
  ),
);

/**
 * Starts loading the packing libraries without waiting (a failure surfaces at the first pack), and has
 * the 'en' collator made: npm-packlist sorts every file list with it, and its first use loads ICU's data
 * for that locale (about 8 ms), which would otherwise fall on the first package's listing.
 */
export function preloadPackLibs(): void {
  packLibs().catch(() => undefined);
  'a'.localeCompare('b', 'en');
}
