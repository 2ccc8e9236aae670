import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoreContext, Access } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';
import { publishPackage } from '../publish/index.js';

/**
 * The placeholder version: a prerelease of 0.0.0, so no semver range (`^1`, `*`, `>=0`) ever picks
 * it, and the first real release is newer than it.
 */
export const BOOTSTRAP_VERSION = '0.0.0-trustpub.bootstrap';
/** The dist-tag the placeholder goes out under, so `latest` is left for the first real release. */
export const BOOTSTRAP_TAG = 'trustpub-bootstrap';

export interface BootstrapInput {
  name: string;
  /** The real package.json: `repository`, `license` and `publishConfig.access` are carried over. */
  manifest: Readonly<Record<string, unknown>>;
  registry: string;
  /** The user's token; the registry only lets package owners create packages. */
  token: string;
}

function placeholderManifest(input: BootstrapInput): Record<string, unknown> {
  const m = input.manifest;
  return {
    name: input.name,
    version: BOOTSTRAP_VERSION,
    description: `Placeholder published by \`trustpub trust ... --bootstrap\` to create ${input.name} so a trusted publisher can be configured. Contains no code; do not install.`,
    ...(m.license ? { license: m.license } : {}),
    ...(m.repository ? { repository: m.repository } : {}),
    keywords: ['trustpub-bootstrap-placeholder'],
  };
}

const README = (name: string) =>
  `# ${name} (placeholder)\n\nThis version (${BOOTSTRAP_VERSION}, dist-tag \`${BOOTSTRAP_TAG}\`) contains no code.\n` +
  `It was published by \`trustpub trust ... --bootstrap\` only to create the package on the registry,\n` +
  'because a trusted publisher can be configured only for a package that exists.\n' +
  'The real releases are published from CI through trusted publishing (OIDC). Do not install this version.\n';

/**
 * Publishes the placeholder version of a package that does not exist yet, with the user's token
 * (no OIDC: the package has no trusted publisher yet; no provenance; no lifecycle scripts).
 * Returns the version now on the registry; a placeholder already there counts as done (re-runs).
 */
export async function publishBootstrapPlaceholder(
  input: BootstrapInput,
  ctx: CoreContext,
): Promise<string> {
  ctx.secrets.add(input.token);
  const dir = await mkdtemp(path.join(tmpdir(), 'trustpub-bootstrap-'));
  try {
    await writeFile(
      path.join(dir, 'package.json'),
      `${JSON.stringify(placeholderManifest(input), null, 2)}\n`,
    );
    await writeFile(path.join(dir, 'README.md'), README(input.name));
    const pc = input.manifest.publishConfig as { access?: unknown } | undefined;
    const access: Access = pc?.access === 'restricted' ? 'restricted' : 'public';
    // CI=false: even inside a CI job the placeholder goes out with the user's token, never an OIDC exchange.
    // Its "not in CI, using the fallback token" warning would only confuse here: the caller reports the bootstrap itself.
    const userCtx: CoreContext = {
      ...ctx,
      env: { ...ctx.env, CI: 'false' },
      logger: { ...ctx.logger, warn: (m) => ctx.logger.debug(m), info: (m) => ctx.logger.debug(m) },
    };
    const result = await publishPackage(
      {
        dir,
        tag: BOOTSTRAP_TAG,
        access,
        provenance: false,
        registry: input.registry,
        ignoreScripts: true,
        skipVerify: true,
        fallbackToken: input.token,
      },
      userCtx,
    );
    if (result.status === 'published' || result.status === 'already-published')
      return result.version;
    const why =
      result.status === 'failed'
        ? `${result.error.code}: ${result.error.message}`
        : result.status === 'skipped'
          ? result.message
          : result.status;
    throw new TrustpubError(
      'TRUST_BOOTSTRAP_FAILED',
      ctx.secrets.redact(
        `Could not publish the placeholder ${input.name}@${BOOTSTRAP_VERSION}: ${why}`,
      ),
      {
        hint: result.status === 'failed' ? result.error.hint : FIXES.TRUST_BOOTSTRAP_FAILED,
        packageName: input.name,
        ...(result.status === 'failed' ? { cause: result.error } : {}),
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
