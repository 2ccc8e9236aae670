import { access } from 'node:fs/promises';
import path from 'node:path';
import {
  applyTrustPlan,
  describeTrustConfig,
  desiredTrust,
  formatError,
  planTrust,
  publishBootstrapPlaceholder,
  readTrustConfigFile,
  TrustpubError,
  BOOTSTRAP_TAG,
  BOOTSTRAP_VERSION,
  type TrustPlanEntry,
  type TrustProvider,
  type TrustSyncConfig,
  type TrustSyncResult,
} from '@trustpub/core';
import type { CliIo } from '../io.js';
import { COMMON_OPTIONS, CREATE_OPTIONS, parseTrustArgs, str } from './trust-args.js';
import { flagsFromValues } from './trust-create.js';
import { confirm, createTrustSession, type TrustCommandContext } from './trust-session.js';
import { resolveTargets, type TrustCommandTarget } from './trust-targets.js';

const SYNC_OPTIONS = {
  ...COMMON_OPTIONS,
  ...CREATE_OPTIONS,
  provider: { type: 'string' },
  config: { type: 'string' },
  replace: { type: 'boolean' },
  bootstrap: { type: 'boolean' },
} as const;

/** `.trustpub.json` at the current directory when present, `--config FILE` when given. */
async function loadConfig(io: CliIo, file: string | undefined): Promise<TrustSyncConfig> {
  if (file) return readTrustConfigFile(path.resolve(io.cwd, file));
  const fallback = path.join(io.cwd, '.trustpub.json');
  try {
    await access(fallback);
  } catch {
    return {};
  }
  return readTrustConfigFile(fallback);
}

function targetName(t: TrustCommandTarget): string {
  return t.positional ?? (typeof t.manifest.name === 'string' ? t.manifest.name : '');
}

function planLine(e: TrustPlanEntry, registry: string): string {
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

function resultLine(r: TrustSyncResult): string {
  switch (r.status) {
    case 'failed':
      return `${r.name}: failed\n${formatError(r.error!).replace(/^/gm, '  ')}`;
    case 'bootstrapped':
      return `${r.name}: placeholder ${r.bootstrapVersion} published, trusted publisher created${r.config?.id ? ` (id ${r.config.id})` : ''}`;
    case 'not-run':
      return `${r.name}: not run`;
    default:
      return `${r.name}: ${r.status}${r.config?.id ? ` (id ${r.config.id})` : ''}`;
  }
}

/**
 * `trustpub trust sync`: the desired trusted publisher of every publishable package, compared with
 * the registry, planned, confirmed, then applied one package at a time. Idempotent: a re-run after
 * any interruption does what is left and nothing else.
 */
export async function runTrustSync(
  argv: string[],
  io: CliIo,
  tc: TrustCommandContext,
): Promise<number> {
  const { values, positionals } = parseTrustArgs(argv, SYNC_OPTIONS);
  const provider = str(values, 'provider');
  if (provider !== undefined && !['github', 'gitlab', 'circleci'].includes(provider)) {
    throw new TrustpubError('TRUST_INVALID_INPUT', `Unknown provider "${provider}".`, {
      hint: 'Use --provider github, gitlab or circleci.',
    });
  }
  const config = await loadConfig(io, str(values, 'config'));
  const { targets, rootManifest } = await resolveTargets(
    io.cwd,
    positionals,
    values.workspaces === true,
    tc.ctx,
  );
  const desired = desiredTrust(
    targets.map((t) => ({
      name: targetName(t),
      dir: t.dir,
      manifest: t.manifest,
      private: t.private,
    })),
    config,
    flagsFromValues(provider as TrustProvider | undefined, values),
    rootManifest,
  );
  if (desired.length === 0) {
    io.stdout(
      'No publishable packages to configure (private packages are skipped; in a monorepo root, pass --workspaces).\n',
    );
    return 0;
  }
  const manifests = new Map(targets.map((t) => [targetName(t), t.manifest]));
  const { client, token } = createTrustSession(io, values, tc);
  io.stderr(
    `Reading the trusted publishers of ${desired.length} package${desired.length === 1 ? '' : 's'} from ${tc.registry} ...\n`,
  );
  const plan = await planTrust(desired, client, {
    replace: values.replace === true,
    bootstrap: values.bootstrap === true,
  });
  const count = (a: TrustPlanEntry['action']) => plan.filter((e) => e.action === a).length;
  io.stdout(
    `Trust plan (${tc.registry}):\n${plan.map((e) => planLine(e, tc.registry)).join('\n')}\n`,
  );
  io.stdout(
    `${count('create')} to create, ${count('replace')} to replace, ${count('bootstrap')} to bootstrap, ${count('keep')} already right, ${count('conflict')} different (not replaced), ${count('missing')} not on the registry\n`,
  );
  const problems = count('conflict') + count('missing');
  const work = plan.length - count('keep') - problems;
  if (values['dry-run'] === true) return 0;
  if (work === 0) {
    io.stdout(problems ? 'Nothing to apply.\n' : 'Everything is already configured.\n');
    return problems ? 1 : 0;
  }
  await confirm(io, values.yes === true);
  const results = await applyTrustPlan(plan, client, {
    bootstrap: (entry) =>
      publishBootstrapPlaceholder(
        {
          name: entry.name,
          manifest: manifests.get(entry.name) ?? {},
          registry: tc.registry,
          token,
        },
        tc.ctx,
      ),
    onResult: (r) => {
      if (r.status !== 'unchanged' && r.status !== 'conflict' && r.status !== 'missing')
        io.stdout(`${resultLine(r)}\n`);
    },
  });
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'not-run');
  const changed = results.filter((r) =>
    ['created', 'replaced', 'bootstrapped'].includes(r.status),
  ).length;
  io.stdout(
    `Done: ${changed} changed, ${results.filter((r) => r.status === 'unchanged').length} already right, ${failed.length} failed or not run, ${problems} left alone.\n`,
  );
  if (failed.length) {
    const stop = results.find((r) => r.status === 'failed');
    io.stderr(
      `${stop ? `${formatError(stop.error!)}\n` : ''}Not done: ${failed.map((r) => r.name).join(', ')}\nRun the same command again to finish; packages already configured are left as they are.\n`,
    );
  }
  return failed.length || problems ? 1 : 0;
}
