import semverClean from 'semver/functions/clean.js';
import type { CoreContext, Access, PackedPackage } from '../kernel/index.js';

/** A Sigstore bundle as serialized JSON (what `signProvenance` returns); only `mediaType` is read here. */
export type ProvenanceBundleJson = Readonly<Record<string, unknown>> & { mediaType: string };

export interface PublishBodyOptions {
  tag: string;
  access: Access | null;
  registry: string;
  provenance?: ProvenanceBundleJson | undefined;
}

/**
 * The PUT body exactly as libnpmpublish builds it (docs/protocol.md, the publish request): a packument with one version (the
 * whole publish manifest plus `_id`, `_nodeVersion` and `dist`), the dist-tag, `access` and the tarball
 * attachment, plus the `.sigstore` attachment (raw JSON string, not base64) when provenance is attached.
 * `_npmVersion` is left out: trustpub is not npm.
 */
export function buildPublishBody(
  packed: PackedPackage,
  options: PublishBodyOptions,
): Record<string, unknown> {
  const manifest: Record<string, unknown> = { ...packed.manifest };
  const name = packed.manifest.name;
  const version = semverClean(packed.manifest.version) ?? packed.manifest.version;
  manifest.version = version;
  manifest._id = `${name}@${version}`;
  manifest._nodeVersion = process.versions.node;
  manifest.dist = {
    ...(typeof manifest.dist === 'object' && manifest.dist !== null ? manifest.dist : {}),
    integrity: packed.integrity,
    shasum: packed.shasum,
    tarball: tarballUrl(name, version, options.registry),
  };
  const tarball = Buffer.from(
    packed.tarball.buffer,
    packed.tarball.byteOffset,
    packed.tarball.byteLength,
  );
  const attachments: Record<string, unknown> = {
    [`${name}-${version}.tgz`]: {
      content_type: 'application/octet-stream',
      data: tarball.toString('base64'),
      length: tarball.length,
    },
  };
  if (options.provenance) {
    const serialized = JSON.stringify(options.provenance);
    attachments[`${name}-${version}.sigstore`] = {
      content_type: options.provenance.mediaType,
      data: serialized,
      length: serialized.length,
    };
  }
  return {
    _id: name,
    name,
    description: packed.manifest.description,
    'dist-tags': {
      [typeof packed.manifest.tag === 'string' && packed.manifest.tag
        ? packed.manifest.tag
        : options.tag]: version,
    },
    versions: { [version]: manifest },
    access: options.access,
    _attachments: attachments,
  };
}

/** libnpmpublish's tarball URL: unescaped name, resolved against the registry, https rewritten to http. */
export function tarballUrl(name: string, version: string, registry: string): string {
  const file = `${name}-${version}.tgz`;
  return new URL(`${name}/-/${file}`, registry).href.replace(/^https:\/\//, 'http://');
}

/**
 * Where a registry serves a version's tarball (npmjs and Verdaccio alike): the scoped name in the path,
 * the bare name in the file, the registry's own scheme. Not what the publish body states (above).
 */
export function servedTarballUrl(name: string, version: string, registry: string): string {
  const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return new URL(`${name}/-/${bare}-${version}.tgz`, registry).href;
}

/** The headers npm sends with registry writes (UA is trustpub's own, from the context). */
export function npmHeaders(
  ctx: CoreContext,
  command: 'publish' | 'dist-tag',
): Record<string, string> {
  return {
    'user-agent': ctx.userAgent,
    accept: '*/*',
    'npm-command': command,
    'npm-auth-type': 'web',
  };
}
