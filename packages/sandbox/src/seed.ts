import { escapeName } from './package-path.js';
import { parseJson } from './http-util.js';
import type { SandboxCore } from './sandbox-core.js';
import { makeTarball, publishBody } from './tarball.js';

/**
 * The admin's first publish of a package: trusted publishing cannot create packages (npm/cli#8544),
 * so a package must exist before its trusted publisher can be used. Packages in the restricted scope
 * are published restricted.
 */
export async function seedPackage(
  core: SandboxCore,
  name: string,
  version = '0.0.1',
  manifest: Record<string, unknown> = {},
): Promise<void> {
  const full = { description: `${name}: seeded by trustpub-sandbox`, ...manifest, name, version };
  const restricted = core.isRestricted(name);
  const body = JSON.stringify(
    publishBody(core.registry, full, makeTarball(full), {
      access: restricted ? 'restricted' : null,
    }),
  );
  const answer = await core.internal(
    'PUT',
    `/${escapeName(name)}`,
    {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'npm-command': 'publish',
    },
    body,
  );
  if (answer.status !== 201) {
    const json = parseJson(answer.body) as { error?: unknown } | undefined;
    const why = typeof json?.error === 'string' ? json.error : `HTTP ${answer.status}`;
    throw new Error(`Could not seed ${name}@${version}: ${why}`);
  }
}
