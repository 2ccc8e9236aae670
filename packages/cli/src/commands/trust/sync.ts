import { access } from 'node:fs/promises';
import path from 'node:path';
import {
  desiredTrust,
  FIXES,
  formatError,
  planTrust,
  readTrustConfigFile,
  TrustpubError,
  type TrustPlanEntry,
  type TrustProvider,
  type TrustSyncConfig,
} from '@trustpub/core';
import type { CliIo } from '../../io.js';
import { COMMON_OPTIONS, CREATE_OPTIONS, parseTrustArgs, str } from './args.js';
import { applyPlanned, assertBootstrapAnswerable, planLine, resultJson } from './apply.js';
import { flagsFromValues } from './create.js';
import { confirm, createTrustSession, type TrustCommandContext } from './session.js';
import { resolveTargets, type TrustCommandTarget } from './targets.js';

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
      hint: FIXES.TRUST_INVALID_INPUT.provider,
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
  const json = values.json === true;
  const say = (text: string) => {
    if (!json) io.stdout(text);
  };
  if (desired.length === 0) {
    if (json)
      io.stdout(`${JSON.stringify({ registry: tc.registry, plan: [], results: [] }, null, 2)}\n`);
    say(
      'No publishable packages to configure (private packages are skipped; in a monorepo root, pass --workspaces).\n',
    );
    return 0;
  }
  const manifests = new Map(targets.map((t) => [targetName(t), t.manifest]));
  const session = createTrustSession(io, values, tc);
  io.stderr(
    `Reading the trusted publishers of ${desired.length} package${desired.length === 1 ? '' : 's'} from ${tc.registry} ...\n`,
  );
  const plan = await planTrust(desired, session.client, {
    replace: values.replace === true,
    bootstrap: values.bootstrap === true,
  });
  const count = (a: TrustPlanEntry['action']) => plan.filter((e) => e.action === a).length;
  say(`Trust plan (${tc.registry}):\n${plan.map((e) => planLine(e, tc.registry)).join('\n')}\n`);
  say(
    `${count('create')} to create, ${count('replace')} to replace, ${count('bootstrap')} to bootstrap, ${count('keep')} already right, ${count('conflict')} different (not replaced), ${count('missing')} not on the registry\n`,
  );
  const problems = count('conflict') + count('missing');
  const work = plan.length - count('keep') - problems;
  const report = (
    results: ReturnType<typeof resultJson>[],
    extra: Record<string, unknown> = {},
  ) => {
    if (json)
      io.stdout(
        `${JSON.stringify({ registry: tc.registry, plan: plan.map(planJson), results, ...extra }, null, 2)}\n`,
      );
  };
  if (values['dry-run'] === true) {
    report([], { dryRun: true });
    return 0;
  }
  if (work === 0) {
    report([]);
    say(problems ? 'Nothing to apply.\n' : 'Everything is already configured.\n');
    return problems ? 1 : 0;
  }
  assertBootstrapAnswerable(plan, session.canAnswer2fa);
  await confirm(io, values.yes === true);
  const results = await applyPlanned(plan, session.client, io, tc, {
    token: session.token,
    manifests,
    json,
  });
  report(results.map(resultJson));
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'not-run');
  const changed = results.filter((r) =>
    ['created', 'replaced', 'bootstrapped'].includes(r.status),
  ).length;
  say(
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

/** A plan entry as `--json` prints it. */
function planJson(e: TrustPlanEntry): Record<string, unknown> {
  return { name: e.name, action: e.action, desired: e.desired.body, existing: e.existing };
}
