import { existsSync, readFileSync } from 'node:fs';
import { parse as parseIni } from 'ini';

/** One `.npmrc` file: its path and its settings as npm reads them (strings, booleans and numbers). */
export interface NpmrcFile {
  path: string;
  pairs: [string, string][];
}

/**
 * The files npm's settings come from, each read at most once through one instance. npm reads its
 * settings once per run; a release does the same by sharing one instance across its packages, which
 * all climb to the same workspace root and read the same `.npmrc` files. Without one, every
 * `loadNpmConfig` reads afresh (a semantic-release step may have written an `.npmrc` since the last).
 *
 * The reads are sync: these files are a few hundred bytes, and fs/promises' open/stat/read/close costs
 * about ten times the CPU of one sync read, on the thread that also handles the registry's answers.
 */
export class NpmConfigReads {
  private readonly manifests = new Map<string, Record<string, unknown> | undefined>();
  private readonly npmrcs = new Map<string, NpmrcFile | undefined>();
  private readonly folders = new Map<string, boolean>();

  /** A package.json's top-level object; undefined when the file is missing or not a JSON object. */
  manifest(path: string): Record<string, unknown> | undefined {
    if (!this.manifests.has(path)) this.manifests.set(path, readJsonObject(path));
    return this.manifests.get(path);
  }

  /** An `.npmrc` file's settings; undefined when it cannot be read. */
  npmrc(path: string): NpmrcFile | undefined {
    if (!this.npmrcs.has(path)) this.npmrcs.set(path, readNpmrc(path));
    return this.npmrcs.get(path);
  }

  exists(path: string): boolean {
    let found = this.folders.get(path);
    if (found === undefined) this.folders.set(path, (found = existsSync(path)));
    return found;
  }
}

function readNpmrc(path: string): NpmrcFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseIni(text);
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
      pairs.push([k, String(v)]);
  }
  return { path, pairs };
}

function readJsonObject(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
