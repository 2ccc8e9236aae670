import {
  createIdTokenCache,
  detectCi,
  diagnose,
  isTrustpubError,
  type IdTokenCache,
} from '@trustpub/core';
import { checkProvenance } from './check-provenance.js';
import { releaseCodeFor } from './definitions/core-codes.js';
import { errorFromFinding, errorFromTrustpub, getError } from './get-error.js';
import { validateOptions } from './options.js';
import type { ReleaseContext } from './release-context.js';
import { findRun, startRun, type RunState } from './run-state.js';
import { resolveTargets } from './targets.js';

/**
 * Findings the core reports as warnings that fail a semantic-release run: a write token left in the
 * job. The core never publishes with it, but in a semantic-release pipeline other plugins and scripts
 * (a leftover @semantic-release/npm, an exec step running npm) would, and npm falls back to it
 * silently when an exchange fails. Naming it in `fallbackTokenEnv` is the deliberate opt-in.
 */
const FATAL_IN_RELEASE = new Set(['CONFIG_WRITE_TOKEN_MASKS_OIDC']);

/** semantic-release flattens `.errors`; the message is what a non-semantic-release caller sees. */
function aggregate(errors: Error[]): AggregateError {
  return new AggregateError(errors, errors.map((e) => e.message).join('\n'));
}

/**
 * Validates the options, then runs the core's full diagnosis for every package this run will publish
 * (CI and ID token, write tokens that would mask OIDC, first publishes, repository and provenance
 * preconditions, one exchange per package). Every problem is reported at once, before semantic-release
 * creates a tag.
 */
export async function verifyRun(
  pluginConfig: Readonly<Record<string, unknown>>,
  context: ReleaseContext,
): Promise<RunState> {
  const { options, problems } = validateOptions(pluginConfig);
  if (problems.length) throw aggregate(problems.map((p) => getError(p.code, p)));
  const state = startRun(context, options);
  const { ctx } = state;
  const errors: Error[] = [];
  const fallbackToken = options.fallbackTokenEnv
    ? context.env[options.fallbackTokenEnv]
    : undefined;
  ctx.secrets.add(fallbackToken);
  if (options.fallbackTokenEnv && !fallbackToken)
    errors.push(getError('ENOFALLBACKTOKEN', { envName: options.fallbackTokenEnv }));
  try {
    const targets = await resolveTargets(options, ctx);
    if (!options.npmPublish) {
      state.logger.log('npmPublish is false: the version is written, nothing is published.');
    } else if (targets.length === 0) {
      state.logger.log(
        options.workspaces
          ? 'Nothing to publish: every workspace package is private ("private": true).'
          : 'Nothing to publish: the package is private ("private": true).',
      );
    } else {
      const ci = detectCi(ctx);
      const idTokens: IdTokenCache | undefined = ci ? createIdTokenCache(ci, ctx) : undefined;
      state.idTokens = idTokens;
      const findings = await diagnose(
        {
          root: ctx.cwd,
          packages: targets,
          access: options.access,
          provenance: options.provenance,
          fallbackTokenEnv: options.fallbackTokenEnv,
          ...(options.allowFiles ? { allowFiles: options.allowFiles } : {}),
          ...(options.packAs ? { packAs: options.packAs } : {}),
          ...(idTokens ? { idTokens } : {}),
        },
        ctx,
      );
      // `semantic-release --dry-run` on a workstation: no CI identity exists there, and nothing is
      // published, so that one finding is reported without failing the dry run.
      const localDryRun = context.options?.dryRun === true;
      for (const f of findings) {
        if (localDryRun && f.code === 'CI_NOT_DETECTED')
          state.logger.warn(`${f.message} A real run would fail here (${releaseCodeFor(f.code)}).`);
        else if (f.severity === 'error' || FATAL_IN_RELEASE.has(f.code))
          errors.push(errorFromFinding(f));
        else
          state.logger.warn(`${f.packageName ? `${f.packageName}: ` : ''}${f.message} ${f.hint}`);
      }
      if (ci && idTokens) {
        const problems = await checkProvenance(targets, options, ci, idTokens, ctx);
        // The diagnosis already reports some of these (a private repository); say each thing once.
        const reported = new Set(findings.map((f) => f.code));
        for (const problem of problems)
          if (!reported.has(problem.code)) errors.push(errorFromTrustpub(problem));
      }
      if (!errors.length) {
        state.logger.log(
          `Trusted publishing verified for ${targets.map((t) => `${t.name} (${t.registry})`).join(', ')}.`,
        );
      }
    }
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    errors.push(errorFromTrustpub(error));
  }
  if (errors.length) throw aggregate(errors);
  state.verified = true;
  return state;
}

/**
 * The run's state, verifying first when verifyConditions did not run for this plugin in this run
 * (the plugin may be wired into a single step only).
 */
export async function ensureVerified(
  pluginConfig: Readonly<Record<string, unknown>>,
  context: ReleaseContext,
): Promise<RunState> {
  const state = findRun(context);
  if (state?.verified) return state;
  return verifyRun(pluginConfig, context);
}
