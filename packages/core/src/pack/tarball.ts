import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { PackedFile } from '../kernel/index.js';
import { packLibs } from './libs.js';
import { scanContent, type SecretHit } from './secret-scan.js';

/** The date npm (pacote) stamps on every entry, for the benefit of zip tools that dislike epoch 0. */
const NPM_MTIME = new Date('1985-10-26T08:15:00.000Z');

/**
 * Tars `files` (relative to `cwd`) exactly as pacote's `tarCreateOptions` does: `package/` prefix,
 * portable headers, fixed mtime, gzip level 9, and `+x` on the files the manifest's `bin` names
 * (with pacote's own path test). When `packageJson` is given, that text is packed as package.json
 * instead of the file on disk (the files are staged in a temp directory so modes stay as they are).
 */
export async function createTarball(
  cwd: string,
  files: readonly string[],
  manifest: Readonly<Record<string, unknown>>,
  packageJson?: string,
): Promise<Buffer> {
  if (packageJson === undefined) return tarFiles(cwd, files, manifest);
  const staging = await mkdtemp(path.join(os.tmpdir(), 'trustpub-pack-'));
  try {
    for (const file of files) {
      const from = path.join(cwd, file);
      const to = path.join(staging, file);
      await mkdir(path.dirname(to), { recursive: true });
      const { mode } = await stat(from);
      if (file === 'package.json') await writeFile(to, packageJson);
      else await copyFile(from, to);
      await chmod(to, mode & 0o7777);
    }
    return await tarFiles(staging, files, manifest);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A file of a tarball made for another manager: its path in the package and where it is read from. */
export interface TarEntrySource {
  name: string;
  source: string;
}

/**
 * Tars files with another manager's conventions: each entry gets exactly the mode `mode` gives it
 * (pnpm and yarn write 0644/0755, bun keeps the mode on disk), every mtime is `mtime`, `package/`
 * prefix, portable headers; `packageJson` is packed as package.json. Files are staged in a temp
 * directory so the modes are set without touching the package.
 */
export async function createManagerTarball(
  entries: readonly TarEntrySource[],
  packageJson: string,
  layout: { mtime: Date; mode: (name: string, diskMode: number) => number },
): Promise<Buffer> {
  const staging = await mkdtemp(path.join(os.tmpdir(), 'trustpub-pack-'));
  try {
    for (const { name, source } of entries) {
      const to = path.join(staging, name);
      await mkdir(path.dirname(to), { recursive: true });
      const { mode } = await stat(source);
      if (name === 'package.json') await writeFile(to, packageJson);
      else await copyFile(source, to);
      await chmod(to, layout.mode(name, mode & 0o7777));
    }
    return await tarFiles(
      staging,
      entries.map((e) => e.name),
      undefined,
      layout.mtime,
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function tarFiles(
  cwd: string,
  files: readonly string[],
  manifest: Readonly<Record<string, unknown>> | undefined,
  mtime = NPM_MTIME,
): Promise<Buffer> {
  const { tar } = await packLibs();
  // Read synchronously and compressed in one call: tar's streamed reads and gzip cost a small package
  // about twice the CPU (its file reads go through the thread pool, its gzip stream compresses each
  // 512-byte header and body on its own), and the bytes come out the same.
  const chunks: Buffer[] = [];
  tar
    .create(
      {
        cwd,
        prefix: 'package/',
        portable: true,
        mtime,
        sync: true,
        filter: (file, entryStat) => {
          if (manifest && 'mode' in entryStat && isPackageBin(manifest, file))
            entryStat.mode |= 0o111;
          return true;
        },
      },
      [...files],
    )
    .on('data', (chunk: Buffer) => chunks.push(chunk));
  return gzipPortable(Buffer.concat(chunks));
}

/**
 * The archive gzipped as tar's `gzip: { level: 9 }` with `portable` gzips it (pacote's options): level 9,
 * and 255 ("unknown") in the header's operating-system byte, where zlib writes the running system's.
 * Deflate's output does not depend on how its input was split, so one call gives tar's streamed bytes.
 */
function gzipPortable(archive: Buffer): Buffer {
  const gz = gzipSync(archive, { level: 9 });
  gz[9] = 255;
  return gz;
}

/**
 * pacote's `is-package-bin`: note that it strips the first path segment before comparing, so with
 * the relative paths npm-packlist produces, only bins at the package root match; npm forces `+x` on
 * those alone, and so does trustpub.
 */
function isPackageBin(manifest: Readonly<Record<string, unknown>>, file: string): boolean {
  const bin =
    typeof manifest.bin === 'string' ? { [String(manifest.name)]: manifest.bin } : manifest.bin;
  if (!bin || typeof bin !== 'object') return false;
  const p = file.replace(/^[^\\/]*\//, '');
  return Object.values(bin).some((target) => target === p);
}

/** Every entry of a tarball (path without its first segment, size, mode) and the text of chosen files. */
export interface TarballListing {
  files: PackedFile[];
  texts: Map<string, string>;
  /** With `scan`: the secrets in every file, by the default rules (see scanTarball). */
  hits: SecretHit[];
}

/**
 * Lists a (gzipped) tarball strictly; `wanted` names files (paths without the first segment) whose
 * contents are returned as text. With `scan`, every file is also searched for secrets in the same pass
 * (a pack lists its tarball and the upload scans it: one gunzip and parse instead of two).
 * @throws Error when the data is not a readable tar archive.
 */
export async function listTarball(
  data: Uint8Array,
  wanted: readonly string[] = [],
  options: { scan?: boolean } = {},
): Promise<TarballListing> {
  const files: PackedFile[] = [];
  const texts = new Map<string, string>();
  const hits: SecretHit[] = [];
  const { tar } = await packLibs();
  await new Promise<void>((resolve, reject) => {
    const parser = new tar.Parser({
      strict: true,
      // A package may well hold a file that compresses 1000:1 (zeros, logs); tar's zip-bomb guard would
      // abort on it after packing. Every tarball here is one we packed or the user built.
      maxDecompressionRatio: Number.POSITIVE_INFINITY,
      onReadEntry: (entry) => {
        const rel = entry.path.replace(/^[^/]*\//, '');
        const isFile = entry.type === 'File' || entry.type === 'OldFile';
        if (isFile) files.push({ path: rel, size: entry.size, mode: entry.mode ?? 0 });
        const text = wanted.includes(rel);
        if (text || (isFile && options.scan)) {
          const parts: Buffer[] = [];
          entry.on('data', (c: Buffer) => parts.push(c));
          entry.on('end', () => {
            const content = Buffer.concat(parts);
            if (text) texts.set(rel, content.toString('utf8'));
            if (isFile && options.scan) hits.push(...scanContent(rel, content));
          });
        } else entry.resume();
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.end(Buffer.from(data));
  });
  if (files.length === 0) throw new Error('the archive holds no files');
  return { files, texts, hits };
}

/** The sha512 integrity (SRI string, as ssri writes it) and sha1 hex shasum libnpmpublish sends for a tarball. */
export function tarballDigests(data: Uint8Array): { integrity: string; shasum: string } {
  return {
    integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
    shasum: createHash('sha1').update(data).digest('hex'),
  };
}
