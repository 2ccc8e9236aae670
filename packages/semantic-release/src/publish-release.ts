import path from 'node:path';
import type SemanticReleaseError from '@semantic-release/error';
import {
  checkPublishedContent,
  definedFields,
  planRelease,
  publishPackage,
  readManifest,
  runRelease,
  type PublishResult,
} from '@trustpub/core';
import { distTagForChannel } from './dist-tag-for-channel.js';
import { pluginAdvice } from './definitions/plugin-advice.js';
import { errorFromFinding, errorFromTrustpub, getError } from './get-error.js';
import { prepareRelease } from './prepare-release.js';
import type { ReleaseContext, ReleaseResult } from './release-context.js';
import { packageUrl, releaseResult } from './release-info.js';
import type { RunState } from './run-state.js';

/** The fallback token, if the user named one (verifyConditions has already checked it is set). */
export function fallbackTokenOf(state: RunState, context: ReleaseContext): string | undefined {
  const name = state.options.fallbackTokenEnv;
  const token = name ? context.env[name] : undefined;
  state.ctx.secrets.add(token);
  return token || undefined;
}

function describe(result: PublishResult): string {
  switch (result.status) {
    case 'published':
      return `Published ${result.name}@${result.version} to dist-tag @${result.tag} on ${result.registry} (${result.auth === 'oidc' ? 'trusted publishing' : 'fallback token'}${result.provenance ? ', with provenance' : ''}).`;
    case 'staged':
      return `Staged ${result.name}@${result.version} for dist-tag @${result.tag} on ${result.registry} (stage id ${result.stageId}): it becomes installable when a maintainer approves it with 2FA: \`trustpub stage approve ${result.stageId}\` (or \`npm stage approve ${result.stageId}\`).`;
    case 'already-published':
      return `${result.name}@${result.version} is already on ${result.registry} with the same content; nothing to upload.`;
    case 'skipped':
      return `${result.name}: not published (${result.reason}): ${result.message}`;
    case 'failed':
      return `${result.name}: failed: ${result.error.message}`;
  }
}

/**
 * semantic-release's publish step through the core engine: one package with `publishPackage()`, or the
 * whole workspace with the release engine (dependency order, one exchange per package). The dist-tag
 * is the channel's (`latest` for the default channel).
 */
export async function publishRelease(
  state: RunState,
  context: ReleaseContext,
): Promise<ReleaseResult | false> {
  const { options, ctx } = state;
  if (!options.npmPublish) {
    state.logger.log('Skip publishing to the npm registry as npmPublish is false.');
    return false;
  }
  const version = context.nextRelease?.version;
  const tag = distTagForChannel(context.nextRelease?.channel);
  // Wired into publish without prepare: write the version first, as @semantic-release/npm does.
  if (version && state.preparedVersion !== version) await prepareRelease(state, context);
  const fallbackToken = fallbackTokenOf(state, context);
  const common = {
    tag,
    ...(options.access ? { access: options.access } : {}),
    ...definedFields({ provenance: options.provenance }),
    ...(options.registry ? { registry: options.registry } : {}),
  };
  const guard = {
    ...(options.stage ? { stage: true } : {}),
    ...(options.allowFiles ? { allowFiles: options.allowFiles } : {}),
    ...(options.packAs ? { packAs: options.packAs } : {}),
    ...definedFields({ ignoreScripts: options.ignoreScripts }),
  };
  if (!options.workspaces) {
    const dir = path.resolve(ctx.cwd, options.pkgRoot);
    const manifest = await readManifest(dir);
    if (manifest.private === true) {
      state.logger.log(`Skip publishing: ${manifest.name} is private.`);
      return false;
    }
    const tarball = state.tarballs.get(manifest.name);
    const result = await publishPackage(
      {
        dir,
        ...common,
        ...(tarball ? { tarball } : {}),
        ...guard,
        ...(fallbackToken ? { fallbackToken } : {}),
        ...(state.idTokens ? { idTokens: state.idTokens } : {}),
      },
      ctx,
    );
    if (result.status === 'failed') throw errorFromTrustpub(result.error);
    state.logger.log(describe(result));
    if (result.status === 'skipped') return false;
    if (result.status === 'staged') return stagedResult(tag, [result.stageId]);
    return releaseResult(tag, packageUrl(result.name, result.version, result.registry));
  }
  const plan = await planRelease({ root: ctx.cwd, ...common }, ctx);
  // "Already published" must mean these bytes: a changed build under a version the registry has is
  // said loudly, and with `strict` stops the release before any upload.
  const content = await checkPublishedContent(
    plan,
    { strict: options.strict, packAs: options.packAs },
    ctx,
  );
  const contentErrors = content.filter((f) => f.severity === 'error').map(errorFromFinding);
  if (contentErrors.length)
    throw new AggregateError(contentErrors, contentErrors.map((e) => e.message).join('\n'));
  for (const f of content) {
    const advice = f.hint ? pluginAdvice(f.code, f.hint) : undefined;
    state.logger.warn(`${f.message} ${f.hint ?? ''}${advice ? ` ${advice}` : ''}`.trimEnd());
  }
  const report = await runRelease(
    plan,
    {
      // verifyConditions ran the same diagnosis moments ago; a second round would only double the exchanges.
      preflight: false,
      ...guard,
      ...(fallbackToken ? { fallbackToken } : {}),
      ...(options.fallbackTokenEnv ? { fallbackTokenEnv: options.fallbackTokenEnv } : {}),
      ...(state.idTokens ? { idTokens: state.idTokens } : {}),
    },
    ctx,
  );
  for (const entry of report.results) state.logger.log(describe(entry));
  const done = report.results.filter(
    (r) => r.status === 'published' || r.status === 'staged' || r.status === 'already-published',
  );
  if (!report.ok) {
    const errors: SemanticReleaseError[] = report.results.flatMap((r) =>
      r.status === 'failed' ? [errorFromTrustpub(r.error)] : [],
    );
    const list = (items: typeof report.results) =>
      items.length ? items.map((r) => `\`${r.name}@${r.version ?? version}\``).join(', ') : 'none';
    const notDone = report.results.filter(
      (r) => r.status === 'failed' || (r.status === 'skipped' && r.reason !== 'private'),
    );
    errors.push(
      getError('EWORKSPACEPUBLISH', {
        summary: `Published: ${list(done)}.\n\nNot published: ${list(notDone)}.\n\nThe tag is already pushed, so semantic-release will not retry this version.`,
      }),
    );
    throw new AggregateError(errors, errors.map((e) => e.message).join('\n'));
  }
  const staged = report.results.flatMap((r) => (r.status === 'staged' ? [r.stageId] : []));
  if (staged.length) return stagedResult(tag, staged);
  const first = done[0];
  return releaseResult(
    tag,
    first ? packageUrl(first.name, first.version, first.registry) : undefined,
    done.length,
  );
}

/** A staged release: no page to link yet; the name says how to make it installable. */
function stagedResult(tag: string, ids: readonly string[]): ReleaseResult {
  return {
    name: `npm ${ids.length > 1 ? `packages (${ids.length})` : 'package'} staged for @${tag}: approve with \`trustpub stage approve ${ids.join(' ')}\``,
    url: undefined,
    channel: tag,
  };
}
