import {
  formatError,
  planTrust,
  resolveTrustRequest,
  type TrustFlags,
  type TrustProvider,
  type TrustRequest,
} from '@trustpub/core';
import type { CliIo } from '../../io.js';
import { COMMON_OPTIONS, CREATE_OPTIONS, parseTrustArgs, str, type ParsedValues } from './args.js';
import { applyPlanned, assertBootstrapAnswerable, planLine, resultJson } from './apply.js';
import { configToValues, formatValues, requestUrls } from './output.js';
import { confirm, createTrustSession, type TrustCommandContext } from './session.js';
import { resolveTargets } from './targets.js';

const WORDING: Record<TrustProvider, { name: string; entity: string }> = {
  github: { name: 'GitHub Actions', entity: 'GitHub repository' },
  gitlab: { name: 'GitLab CI/CD', entity: 'GitLab project' },
  circleci: { name: 'CircleCI', entity: 'CircleCI pipeline' },
};

/** The create flags as `TrustFlags`; flags not given stay undefined so a config file can fill them. */
export function flagsFromValues(
  provider: TrustProvider | undefined,
  values: ParsedValues,
): Partial<TrustFlags> {
  const contextIds = values['context-id'];
  return {
    ...(provider ? { provider } : {}),
    file: str(values, 'file'),
    repository: str(values, 'repo') ?? str(values, 'repository'),
    project: str(values, 'project'),
    environment: str(values, 'environment') ?? str(values, 'env'),
    orgId: str(values, 'org-id'),
    projectId: str(values, 'project-id'),
    pipelineDefinitionId: str(values, 'pipeline-definition-id'),
    vcsOrigin: str(values, 'vcs-origin'),
    contextIds: Array.isArray(contextIds) ? contextIds : undefined,
    allowPublish: values['allow-publish'] === true ? true : undefined,
    allowStagePublish:
      values['allow-stage-publish'] === true || values['allow-staged-publish'] === true
        ? true
        : undefined,
  };
}

/**
 * `trustpub trust github|gitlab|circleci [NAME...] [--workspaces] ...`: one configuration per package,
 * as `npm trust` creates it. `--bootstrap` first publishes a placeholder of a package the registry does
 * not have; `--replace` revokes a different existing configuration (the registry allows one) before
 * creating; with either, a configuration that is already right is left alone.
 */
export async function runTrustCreate(
  provider: TrustProvider,
  argv: string[],
  io: CliIo,
  tc: TrustCommandContext,
): Promise<number> {
  const { values, positionals } = parseTrustArgs(argv, {
    ...COMMON_OPTIONS,
    ...CREATE_OPTIONS,
    bootstrap: { type: 'boolean' },
    replace: { type: 'boolean' },
  });
  const json = values.json === true;
  const flags = flagsFromValues(provider, values) as TrustFlags;
  const { targets, rootManifest } = await resolveTargets(
    io.cwd,
    positionals,
    values.workspaces === true,
    tc.ctx,
  );
  // Validate every package before the first request, so a typo never leaves half the packages done.
  const requests: TrustRequest[] = [];
  const manifests = new Map<string, Record<string, unknown>>();
  for (const t of targets) {
    if (values.workspaces === true && t.private) continue;
    const manifest =
      t.manifest.repository === undefined &&
      rootManifest.repository !== undefined &&
      values.workspaces === true
        ? { ...t.manifest, repository: rootManifest.repository }
        : t.manifest;
    const request = resolveTrustRequest(flags, manifest, t.positional);
    requests.push(request);
    manifests.set(request.packageName, t.manifest);
  }
  const w = WORDING[provider];
  for (const r of requests) {
    for (const warning of r.warnings) io.stderr(`warn: ${warning}\n`);
    if (json) {
      io.stdout(`${JSON.stringify({ ...r.values, permissions: r.body.permissions }, null, 2)}\n`);
      continue;
    }
    io.stdout(`Establishing trust between ${r.packageName} package and ${w.name}\n`);
    io.stdout(`Anyone with ${w.entity} write access can publish to ${r.packageName}\n`);
    io.stdout('Two-factor authentication is required for this operation\n\n');
    io.stdout(
      `${formatValues(r.values, r.body.permissions, r.fromPackageJson)}\n\n${requestUrls(r).join('\n')}\n\n`,
    );
  }
  if (values['dry-run'] === true) return 0;
  if (values.bootstrap === true || values.replace === true)
    return createPlanned(requests, createTrustSession(io, values, tc), io, tc, {
      bootstrap: values.bootstrap === true,
      replace: values.replace === true,
      yes: values.yes === true,
      json,
      manifests,
    });
  await confirm(io, values.yes === true);
  const { client } = createTrustSession(io, values, tc);
  const done: string[] = [];
  for (const r of requests) {
    let created;
    try {
      created = await client.create(r.packageName, r.body);
    } catch (error) {
      const rest = requests.slice(done.length).map((x) => x.packageName);
      if (requests.length > 1)
        io.stderr(
          `configured: ${done.join(', ') || '(none)'}\nnot configured: ${rest.join(', ')}\n`,
        );
      throw error;
    }
    done.push(r.packageName);
    if (!json)
      io.stdout(
        `Trust configuration created successfully for ${r.packageName} with the following settings:\n`,
      );
    for (const c of created) {
      const shown = {
        ...configToValues(c),
        ...(c.permissions ? { permissions: c.permissions } : {}),
      };
      io.stdout(
        json
          ? `${JSON.stringify(shown, null, 2)}\n`
          : `\n${formatValues(configToValues(c), c.permissions)}\n`,
      );
    }
    if (!json) io.stdout('\n');
  }
  if (requests.length === 0) io.stderr('warn: no publishable package to configure\n');
  return 0;
}

/**
 * `--bootstrap` / `--replace`: read what the registry has, print the plan, ask, then create, replace or
 * bootstrap; nothing is asked when everything is already right.
 */
async function createPlanned(
  requests: readonly TrustRequest[],
  session: ReturnType<typeof createTrustSession>,
  io: CliIo,
  tc: TrustCommandContext,
  options: {
    bootstrap: boolean;
    replace: boolean;
    yes: boolean;
    json: boolean;
    manifests: ReadonlyMap<string, Record<string, unknown>>;
  },
): Promise<number> {
  const plan = await planTrust(
    requests.map((request) => ({ request })),
    session.client,
    options,
  );
  if (!options.json) io.stdout(`${plan.map((e) => planLine(e, tc.registry)).join('\n')}\n`);
  assertBootstrapAnswerable(plan, session.canAnswer2fa);
  // The question comes after the plan, so the person sees what --bootstrap/--replace will do.
  if (plan.some((e) => e.action !== 'keep')) await confirm(io, options.yes);
  const results = await applyPlanned(plan, session.client, io, tc, {
    token: session.token,
    manifests: options.manifests,
    json: options.json,
  });
  if (options.json) io.stdout(`${JSON.stringify(results.map(resultJson), null, 2)}\n`);
  for (const r of results) {
    if (r.status === 'unchanged' && !options.json)
      io.stdout(`${r.name}: already configured this way; nothing changed\n`);
    if (r.status === 'conflict')
      io.stderr(
        `${r.name} already has a different trusted publisher and the registry allows one per package; nothing was changed. Add --replace to replace it.\n`,
      );
    if (r.status === 'missing')
      io.stderr(
        `${r.name} does not exist on ${tc.registry}; a trusted publisher needs an existing package. Add --bootstrap to publish a placeholder first.\n`,
      );
  }
  const failed = results.find((r) => r.status === 'failed');
  if (failed?.error && options.json) io.stderr(`${formatError(failed.error)}\n`);
  return results.every((r) =>
    ['unchanged', 'created', 'replaced', 'bootstrapped'].includes(r.status),
  )
    ? 0
    : 1;
}
