import crypto from 'node:crypto';
import zlib from 'node:zlib';

/** One ustar entry: a 512-byte header and the content padded to whole blocks. */
function tarEntry(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (text: string, offset: number, length: number): void => {
    header.write(text, offset, length, 'utf8');
  };
  const octal = (n: number, length: number): string => n.toString(8).padStart(length - 1, '0');
  field(name, 0, 100);
  field(octal(0o644, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  field(octal(content.length, 12), 124, 12);
  field(octal(499162500, 12), 136, 12); // npm's fixed mtime (1985-10-26)
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(`${octal(sum, 7)}\u0000 `, 148, 8);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding]);
}

/** A minimal npm package tarball holding `package/package.json`. */
export function makeTarball(manifest: Record<string, unknown>): Buffer {
  const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  return zlib.gzipSync(Buffer.concat([tarEntry('package/package.json', json), Buffer.alloc(1024)]));
}

/** The body of `PUT /<name>` as libnpmpublish builds it (docs/protocol.md, the publish request). */
export function publishBody(
  registry: string,
  manifest: Record<string, unknown> & { name: string; version: string },
  tarball: Buffer,
  opts: { tag?: string; access?: 'public' | 'restricted' | null } = {},
): Record<string, unknown> {
  const { name, version } = manifest;
  return {
    _id: name,
    name,
    ...(typeof manifest.description === 'string' ? { description: manifest.description } : {}),
    'dist-tags': { [opts.tag ?? 'latest']: version },
    versions: {
      [version]: {
        ...manifest,
        _id: `${name}@${version}`,
        dist: {
          integrity: `sha512-${crypto.createHash('sha512').update(tarball).digest('base64')}`,
          shasum: crypto.createHash('sha1').update(tarball).digest('hex'),
          tarball: new URL(`${name}/-/${name}-${version}.tgz`, registry).href,
        },
      },
    },
    access: opts.access ?? null,
    _attachments: {
      [`${name}-${version}.tgz`]: {
        content_type: 'application/octet-stream',
        data: tarball.toString('base64'),
        length: tarball.length,
      },
    },
  };
}
