import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packLibs } from './libs.js';
import { SECRET_RULES, type SecretRule } from './secret-rules.js';

/** One secret found: where (path inside the package, 1-based line) and what kind, never the value. */
export interface SecretHit {
  file: string;
  line: number;
  rule: string;
  title: string;
}

export interface SecretScanOptions {
  /** Paths inside the package (as the tarball lists them) a maintainer reviewed and accepts. */
  allow?: (file: string) => boolean;
  rules?: readonly SecretRule[];
}

/** Files larger than this are searched only in their first part (a secret in a huge bundle is still near text). */
const MAX_BYTES = 8 * 1024 * 1024;
/** Files read and scanned between two turns of the event loop. */
const YIELD_EVERY = 32;
/** Bytes looked at to tell a binary file (a NUL byte) from text. */
const BINARY_PROBE = 8000;

/** Every secret in one file's contents (nothing for binary files). */
export function scanContent(
  file: string,
  data: Uint8Array,
  rules: readonly SecretRule[] = SECRET_RULES,
): SecretHit[] {
  const bytes = data.length > MAX_BYTES ? data.subarray(0, MAX_BYTES) : data;
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return [];
  // latin1 keeps one character per byte, so match offsets are byte offsets and decoding is cheap.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const hits: SecretHit[] = [];
  for (const rule of rules) {
    if (rule.appliesTo && !rule.appliesTo(file)) continue;
    rule.pattern.lastIndex = 0;
    for (const m of text.matchAll(rule.pattern)) {
      const value = m.groups?.secret ?? m[0];
      if (rule.isSecret && !rule.isSecret(value)) continue;
      // The line where the match starts: a key block's BEGIN line, a setting's own line.
      hits.push({ file, line: lineAt(text, m.index ?? 0), rule: rule.id, title: rule.title });
    }
  }
  return hits.sort((a, b) => a.line - b.line);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Tarballs already searched with the default rules when they were listed (`rememberTarballScan`), by
 * their bytes: the upload's scan of a tarball this process packed then needs no second parse.
 */
const scannedTarballs = new WeakMap<Uint8Array, readonly SecretHit[]>();

/** Records what `listTarball(..., { scan: true })` found in `tarball` (every file, default rules). */
export function rememberTarballScan(tarball: Uint8Array, hits: readonly SecretHit[]): void {
  scannedTarballs.set(tarball, hits);
}

/** Every secret in a (gzipped) package tarball, by path inside the package. */
export async function scanTarball(
  tarball: Uint8Array,
  options: SecretScanOptions = {},
): Promise<SecretHit[]> {
  const known = options.rules ? undefined : scannedTarballs.get(tarball);
  if (known) return known.filter((hit) => !options.allow?.(hit.file));
  const hits: SecretHit[] = [];
  const { tar } = await packLibs();
  await new Promise<void>((resolve, reject) => {
    const parser = new tar.Parser({
      // Highly compressible files are normal in packages (see tarball.ts).
      maxDecompressionRatio: Number.POSITIVE_INFINITY,
      onReadEntry: (entry) => {
        const file = entry.path.replace(/^[^/]*\//, '');
        if ((entry.type !== 'File' && entry.type !== 'OldFile') || options.allow?.(file)) {
          entry.resume();
          return;
        }
        const parts: Buffer[] = [];
        entry.on('data', (c: Buffer) => parts.push(c));
        entry.on('end', () => hits.push(...scanContent(file, Buffer.concat(parts), options.rules)));
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.end(Buffer.from(tarball.buffer, tarball.byteOffset, tarball.length));
  });
  return hits;
}

/** Every secret in the given files of a folder (paths relative to it, as a pack would list them). */
export async function scanFiles(
  dir: string,
  files: readonly string[],
  options: SecretScanOptions = {},
): Promise<SecretHit[]> {
  const hits: SecretHit[] = [];
  let read = 0;
  for (const file of files) {
    if (options.allow?.(file)) continue;
    // Sync reads (fs/promises costs about ten times the CPU per small file), with a pause every few
    // files so that a package of thousands of files does not hold up the registry's answers.
    if (++read % YIELD_EVERY === 0) await new Promise((resume) => setImmediate(resume));
    let data: Buffer;
    try {
      data = readFileSync(join(dir, file));
    } catch {
      continue; // gone since it was listed; the pack reports that
    }
    hits.push(...scanContent(file, data, options.rules));
  }
  return hits;
}

/** `lib/key.pem line 1: a private key (PEM/OpenSSH)`: what a message shows of a hit. */
export function describeHit(hit: SecretHit): string {
  return `${hit.file} line ${hit.line}: ${hit.title}`;
}
