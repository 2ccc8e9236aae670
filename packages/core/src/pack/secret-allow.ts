import path from 'node:path';

/**
 * Which files of a package a maintainer reviewed and accepts despite a secret-scan hit (`--allow-file`,
 * the plugins' `allowFiles`). An entry is a path inside the package (`test/fixtures/key.pem`, as the
 * tarball lists it) or a path relative to the working directory (`packages/a/test/fixtures/key.pem`)
 * or absolute: so one list serves every package of a workspace.
 */
export function allowedFiles(
  entries: readonly string[] | undefined,
  { cwd, packDir }: { cwd: string; packDir: string },
): ((file: string) => boolean) | undefined {
  if (!entries?.length) return undefined;
  const inside = new Set(entries.map((e) => e.replace(/\\/g, '/').replace(/^\.\//, '')));
  const absolute = new Set(entries.map((e) => path.resolve(cwd, e)));
  return (file) => inside.has(file) || absolute.has(path.resolve(packDir, file));
}
