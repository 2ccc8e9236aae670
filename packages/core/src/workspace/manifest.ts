import { readFileSync } from 'node:fs';
import path from 'node:path';
import validateName from 'validate-npm-package-name';
import { FIXES, TrustpubError } from '../errors/index.js';

/** A package.json as read from disk: every field kept, `name` and `version` checked to be strings. */
export type Manifest = Record<string, unknown> & { name: string; version: string };

/** The manifest plus the exact text it was parsed from (the packed package.json keeps that text). */
export interface ManifestFile {
  manifest: Manifest;
  text: string;
  file: string;
}

/**
 * Reads `<dir>/package.json`.
 * @throws TrustpubError `CONFIG_MANIFEST_NOT_FOUND` (no file), `CONFIG_MANIFEST_INVALID` (not JSON, not
 *   an object; the message says where the JSON breaks), `CONFIG_INVALID_NAME` (missing, or a name
 *   validate-npm-package-name refuses even for existing packages), `CONFIG_INVALID_VERSION` (missing).
 */
export async function readManifest(dir: string): Promise<Manifest> {
  return (await readManifestFile(dir)).manifest;
}

/** {@link readManifest}, also returning the raw text. */
// eslint-disable-next-line @typescript-eslint/require-await -- a promise is the contract; the reads inside are sync on purpose
export async function readManifestFile(dir: string): Promise<ManifestFile> {
  const file = path.join(dir, 'package.json');
  let text: string;
  try {
    // Sync: a few hundred bytes, read several times per package (see registry/npm-config.ts).
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TrustpubError(
      'CONFIG_MANIFEST_NOT_FOUND',
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `No package.json in ${dir}.`
        : `Cannot read ${file}: ${(error as Error).message}.`,
      {
        hint: FIXES.CONFIG_MANIFEST_NOT_FOUND.package,
        cause: error,
      },
    );
  }
  const manifest = parseManifest(text, file);
  return { manifest, text, file };
}

/** Parses package.json text as npm does (a leading BOM is ignored) and checks name and version. */
export function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new TrustpubError(
      'CONFIG_MANIFEST_INVALID',
      `${file} is not valid JSON: ${describeJsonError(error as Error, text)}.`,
      {
        hint: FIXES.CONFIG_MANIFEST_INVALID.json,
      },
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TrustpubError('CONFIG_MANIFEST_INVALID', `${file} does not hold a JSON object.`, {
      hint: FIXES.CONFIG_MANIFEST_INVALID.notObject,
    });
  }
  const record = data as Record<string, unknown>;
  checkName(record.name, file);
  if (typeof record.version !== 'string' || record.version.trim() === '') {
    throw new TrustpubError('CONFIG_INVALID_VERSION', `${file} has no "version".`, {
      hint: FIXES.CONFIG_INVALID_VERSION,
      packageName: record.name,
    });
  }
  return record as Manifest;
}

function checkName(name: unknown, file: string): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new TrustpubError('CONFIG_INVALID_NAME', `${file} has no "name".`, {
      hint: FIXES.CONFIG_INVALID_NAME.missing,
    });
  }
  // validForOldPackages: names like "JSONStream" are refused for new packages but still publishable
  // as new versions; the registry decides those, trustpub refuses only what can never be published.
  const result = validateName(name);
  if (!result.validForOldPackages) {
    throw new TrustpubError(
      'CONFIG_INVALID_NAME',
      `"${name}" in ${file} is not a valid package name: ${(result.errors ?? []).join('; ')}.`,
      {
        hint: FIXES.CONFIG_INVALID_NAME.invalid,
        packageName: name,
      },
    );
  }
}

/** "Unexpected token ... at position 42" becomes "line 3, column 5: Unexpected token ...". */
function describeJsonError(error: Error, text: string): string {
  const message = error.message.replace(/\s*\(line \d+ column \d+\)/, '');
  const match = /at position (\d+)/.exec(message);
  if (!match) return message;
  const position = Number(match[1]);
  const before = text.replace(/^\uFEFF/, '').slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${message.replace(/\s*in JSON at position \d+/, '')}`;
}
