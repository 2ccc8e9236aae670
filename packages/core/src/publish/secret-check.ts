import path from 'node:path';
import { FIXES, TrustpubError } from '../errors/index.js';
import type { CoreContext, PackedPackage } from '../kernel/index.js';
import { allowedFiles, describeHit, scanTarball, type SecretHit } from '../pack/index.js';

/**
 * Scans the packed tarball right before anything is sent for it (exchange, signing, upload): a hit
 * stops this package with `PACK_SECRET_FOUND`, naming every file and line but never the value.
 */
export async function refuseSecrets(
  packed: PackedPackage,
  input: { dir: string; allowFiles?: readonly string[] | undefined },
  ctx: CoreContext,
): Promise<void> {
  const allow = allowedFiles(input.allowFiles, {
    cwd: ctx.cwd,
    packDir: path.resolve(ctx.cwd, input.dir),
  });
  const hits = await scanTarball(packed.tarball, allow ? { allow } : {});
  if (hits.length)
    throw secretError(
      `${packed.manifest.name}@${packed.manifest.version}`,
      hits,
      packed.manifest.name,
    );
}

/** The error for a package whose files hold secrets (shared with the preflight's finding). */
export function secretError(
  what: string,
  hits: readonly SecretHit[],
  packageName: string,
): TrustpubError {
  // The first line names the files and lines: annotations and plugin errors show only that line.
  const inline = hits.slice(0, 5).map((h) => `${h.file} line ${h.line} (${h.title})`);
  const more = hits.length > inline.length ? `, and ${hits.length - inline.length} more` : '';
  const rest =
    hits.length > inline.length ? `\n${hits.map((h) => `  ${describeHit(h)}`).join('\n')}` : '';
  const files = [...new Set(hits.map((h) => h.file))];
  return new TrustpubError(
    'PACK_SECRET_FOUND',
    `${what} would publish ${hits.length === 1 ? 'a secret' : `${hits.length} secrets`}: ${inline.join('; ')}${more}. Nothing was uploaded for it.${rest}`,
    {
      hint: (files.length === 1 ? FIXES.PACK_SECRET_FOUND.oneFile : FIXES.PACK_SECRET_FOUND.files)({
        allow: files.map((f) => `--allow-file ${f}`).join(' '),
      }),
      packageName,
      details: { secrets: hits.map((h) => ({ file: h.file, line: h.line, rule: h.rule })) },
    },
  );
}
