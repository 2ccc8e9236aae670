// Public API: filled in by the package's modules.
export const PACKAGE_NAME = '@trustpub/changesets';
