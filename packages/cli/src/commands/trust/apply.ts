import {
  applyTrustPlan,
  BOOTSTRAP_TAG,
  BOOTSTRAP_VERSION,
  describeTrustConfig,
  FIXES,
  formatError,
  publishBootstrapPlaceholder,
  TrustpubError,
  type TrustClient,
  type TrustPlanEntry,
  type TrustSyncResult,
} from '@trustpub/core';
import type { CliIo } from '../../io.js';
import type { TrustCommandContext } from './session.js';

/** One line of a trust plan, as `trust sync` and `trust <provider> --bootstrap|--replace` print it. */
export function planLine(e: TrustPlanEntry, registry: string): string {
  const want = describeTrustConfig(e.desired.body);
  const has = e.existing.map(describeTrustConfig).join('; ');
  switch (e.action) {
    case 'keep':
      return `  ok         ${e.name}  ${want}`;
    case 'create':
      return `  create     ${e.name}  ${want}`;
    case 'replace':
      return `  replace    ${e.name}  ${has}  ->  ${want}`;
    case 'conflict':
      return `  different  ${e.name}  has ${has}; wanted ${want} (left alone; --replace to replace it)`;
    case 'bootstrap':
      return `  bootstrap  ${e.name}  not on ${registry}: publish placeholder ${BOOTSTRAP_VERSION} (tag ${BOOTSTRAP_TAG}), then create ${want}`;
    case 'missing':
      return `  missing    ${e.name}  not on ${registry} (a trusted publisher needs an existing package; --bootstrap publishes a placeholder)`;
  }
}

/** What happened to one package, saying exactly what was and was not done when it failed. */
export function resultLine(r: TrustSyncResult): string {
  switch (r.status) {
    case 'failed': {
      const what =
        r.bootstrapVersion !== undefined
          ? `placeholder ${r.bootstrapVersion} published, but its trusted publisher was NOT created (run the same command again: the package now exists)`
          : 'nothing changed';
      return `${r.name}: failed (${what})\n${formatError(r.error!).replace(/^/gm, '  ')}`;
    }
    case 'bootstrapped':
      return `${r.name}: placeholder ${r.bootstrapVersion} published, trusted publisher created${r.config?.id ? ` (id ${r.config.id})` : ''}`;
    case 'not-run':
      return `${r.name}: not run`;
    default:
      return `${r.name}: ${r.status}${r.config?.id ? ` (id ${r.config.id})` : ''}`;
  }
}

/**
 * A placeholder must never be published when its trusted publisher cannot be created after it: without
 * a one-time password in hand and no terminal to ask in, the registry's 2FA question could not be
 * answered, so the run stops before anything is published.
 */
export function assertBootstrapAnswerable(
  plan: readonly TrustPlanEntry[],
  canAnswer2fa: boolean,
): void {
  const bootstraps = plan.filter((e) => e.action === 'bootstrap').map((e) => e.name);
  if (!bootstraps.length || canAnswer2fa) return;
  throw new TrustpubError(
    'TRUST_OTP_REQUIRED',
    `Bootstrapping ${bootstraps.join(', ')} publishes a placeholder and then creates its trusted publisher, which needs a one-time password; none was given and there is no terminal to ask in, so nothing was published.`,
    {
      hint: FIXES.TRUST_OTP_REQUIRED.beforeBootstrap,
      httpStatus: 401,
    },
  );
}

/**
 * Applies a plan: changes to existing packages first (they settle the 2FA question before any
 * placeholder goes out), then the bootstraps. Prints a line per package that changed or failed.
 */
export async function applyPlanned(
  plan: readonly TrustPlanEntry[],
  client: TrustClient,
  io: CliIo,
  tc: TrustCommandContext,
  auth: { token: string; manifests: ReadonlyMap<string, Record<string, unknown>>; json: boolean },
): Promise<TrustSyncResult[]> {
  const ordered = [
    ...plan.filter((e) => e.action !== 'bootstrap'),
    ...plan.filter((e) => e.action === 'bootstrap'),
  ];
  const published = new Map<string, string>();
  const results = await applyTrustPlan(ordered, client, {
    bootstrap: async (entry) => {
      const version = await publishBootstrapPlaceholder(
        {
          name: entry.name,
          manifest: auth.manifests.get(entry.name) ?? {},
          registry: tc.registry,
          token: auth.token,
        },
        tc.ctx,
      );
      published.set(entry.name, version);
      return version;
    },
    onResult: (r) => {
      const version = published.get(r.name);
      if (r.status === 'failed' && version !== undefined) r.bootstrapVersion = version;
      if (!auth.json && !['unchanged', 'conflict', 'missing'].includes(r.status))
        io.stdout(`${resultLine(r)}\n`);
    },
  });
  return results;
}

/** A result as `--json` prints it (the error as its code, message and fix). */
export function resultJson(r: TrustSyncResult): Record<string, unknown> {
  return {
    name: r.name,
    action: r.action,
    status: r.status,
    ...(r.bootstrapVersion ? { bootstrapVersion: r.bootstrapVersion } : {}),
    ...(r.config ? { config: r.config } : {}),
    ...(r.error
      ? { error: { code: r.error.code, message: r.error.message, hint: r.error.hint } }
      : {}),
  };
}
