import {
  audienceFor,
  createIdTokenCache,
  definedFields,
  detectCi,
  loadNpmConfig,
  pickRegistry,
  planRelease,
  runRelease,
  type ReleasePlan,
} from '@trustpub/core/startup';
import { parse, positiveInt, UsageError } from '../args.js';
import { CLI_CONNECTIONS, createCliContext, redactingIo } from '../cli-context.js';
import { githubAnnotations, githubOutputs, githubSummary } from '../ci-output.js';
import { EXIT, PUBLISH_EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { renderFindings, renderReport, reportJson } from '../render.js';
import { RELEASE_OPTIONS, releaseOptions } from './release-options.js';
import { assertRootSelectable, assertSomethingPublishable, selectedPackages } from './selection.js';

export const PUBLISH_HELP = `Usage: trustpub publish [PATH...] [options]

Publishes packages token-free through trusted publishing (OIDC): one token exchange per package, right
before its upload. Without PATH the package in the current directory is published; with --workspaces every
non-private workspace package whose version is not on the registry yet, dependencies before dependents.
Before the first upload every package is checked (incl. its exchange), so a mismatch fails before anything
is out.

Options:
  --workspaces             publish the workspace packages (PATHs, when given, select among them)
  --tag TAG                dist-tag (default: publishConfig.tag, then "latest"; required for prereleases)
  --access public|restricted
  --provenance             require provenance (fails where it cannot be made)
  --no-provenance          never make provenance (default: npm's rule: public repository on GitHub/GitLab)
  --dry-run                print the plan and run the checks; upload nothing
  --pack-as npm|pnpm|yarn|bun
                           pack as this package manager (default: the workspace's, from packageManager,
                           the lockfile, pnpm-workspace.yaml or .yarnrc.yml)
  --ignore-scripts         run no lifecycle script (default: npm's ignore-scripts setting)
  --concurrency N          packages published at once within a chunk (default 16)
  --registry URL           publish to this registry instead of the one npm would pick
  --continue               after a failure, still publish everything that does not depend on it
  --no-preflight           skip the checks before the first upload
  --stage                  stage instead of publishing (npm's staged publishing): each version waits,
                           not installable, until a maintainer runs \`trustpub stage approve\` with 2FA
  --allow-file PATH        accept a file the secret scan flags, after you reviewed it (repeatable; a
                           path inside the package, or relative to the current directory)
  --strict                 a version already on the registry whose contents differ from this build is
                           an error (default: a warning naming both integrities); nothing is uploaded
  --fallback-token-env VAR use the token in $VAR when an exchange is impossible (off by default:
                           trustpub never publishes with a configured token otherwise)
  --json                   print the report as JSON on stdout (nothing else goes to stdout)
  -h, --help               show this help

${PUBLISH_EXIT_CODES}
`;

/** `trustpub publish`: plan, preflight, publish chunk by chunk, report. */
export async function runPublishCommand(argv: string[], rawIo: CliIo): Promise<number> {
  let io = rawIo;
  const { values, positionals } = parse(argv, {
    ...RELEASE_OPTIONS,
    tag: { type: 'string' },
    'dry-run': { type: 'boolean' },
    concurrency: { type: 'string' },
    continue: { type: 'boolean' },
    preflight: { type: 'boolean', default: true },
    stage: { type: 'boolean' },
    strict: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(PUBLISH_HELP);
    return EXIT.OK;
  }
  const { selection, registry, access, packAs, json, ...shared } = releaseOptions(
    values,
    positionals,
  );
  const concurrency = positiveInt(values.concurrency, 'concurrency');
  const fallbackEnv = shared.fallbackTokenEnv;
  const ctx = createCliContext(rawIo, { json, verbose: shared.verbose });
  io = redactingIo(rawIo, ctx);
  let fallbackToken: string | undefined;
  if (fallbackEnv !== undefined) {
    fallbackToken = io.env[fallbackEnv];
    if (!fallbackToken)
      throw new UsageError(
        `--fallback-token-env names ${fallbackEnv}, but ${fallbackEnv} is not set or empty.`,
      );
    ctx.secrets.add(fallbackToken);
    if (!json)
      io.stderr(
        `Note: --fallback-token-env ${fallbackEnv}: the token in ${fallbackEnv} is used for a package only when its token exchange is impossible; the report says which packages used it.\n`,
      );
  }
  // The ID token does not depend on the plan: ask the CI for it while the registry is asked about versions.
  const ci = detectCi(ctx);
  const idTokens = ci ? createIdTokenCache(ci, ctx) : undefined;
  if (idTokens) {
    // Best effort: a problem here (unreadable .npmrc) is reported by the plan with its own error.
    loadNpmConfig(io.cwd, ctx)
      .then((config) => idTokens.get(audienceFor(registry ?? pickRegistry('x', {}, config))))
      .catch(() => undefined);
  }
  await assertRootSelectable(selection, io.cwd, ctx);
  const plan: ReleasePlan = await planRelease(
    {
      root: io.cwd,
      ...selectedPackages(selection),
      ...definedFields({ tag: values.tag, access, provenance: shared.provenance, registry }),
      lookupConcurrency: CLI_CONNECTIONS,
      // Each package's exchange and secret scan start as soon as its read shows it is to be published.
      ...(idTokens ? { idTokens } : {}),
      ...(values.preflight !== false
        ? { scan: definedFields({ packAs, allowFiles: shared.allowFiles }) }
        : {}),
    },
    ctx,
  );
  assertSomethingPublishable(plan);
  const dryRun = Boolean(values['dry-run']);
  // "Already published" must mean these bytes: a changed build under an old version is said loudly.
  // (The rest of the core loads only when there is such a version to pack and compare.)
  const content = plan.alreadyPublished.length
    ? await (
        await import('@trustpub/core')
      ).checkPublishedContent(plan, { strict: Boolean(values.strict), packAs }, ctx)
    : [];
  if (content.some((f) => f.severity === 'error')) {
    githubAnnotations(io, [], content, json);
    if (json)
      io.stdout(`${JSON.stringify({ ok: false, results: [], findings: content }, null, 2)}\n`);
    else io.stderr(`Nothing was uploaded (--strict).\n${renderFindings(content)}\n`);
    return EXIT.PREFLIGHT;
  }
  const released = await runRelease(
    plan,
    {
      ...definedFields({ concurrency, packAs }),
      continueOnError: Boolean(values.continue),
      preflight: values.preflight !== false,
      dryRun,
      ...(shared.ignoreScripts ? { ignoreScripts: true } : {}),
      ...(fallbackToken ? { fallbackToken } : {}),
      ...(fallbackEnv ? { fallbackTokenEnv: fallbackEnv } : {}),
      onEvent: createProgress(io, json),
      ...(values.stage ? { stage: true } : {}),
      ...(shared.allowFiles ? { allowFiles: shared.allowFiles } : {}),
      ...(idTokens ? { idTokens } : {}),
    },
    ctx,
  );
  const report = content.length
    ? { ...released, findings: [...released.findings, ...content] }
    : released;
  const preflightFailed = released.findings.some((f) => f.severity === 'error');
  githubAnnotations(io, report.results, report.findings, json);
  if (!dryRun) {
    githubOutputs(io, report.results);
    githubSummary(io, 'trustpub publish', report.results, report.findings);
  }
  if (json) {
    io.stdout(`${JSON.stringify({ ...reportJson(report), dryRun }, null, 2)}\n`);
  } else {
    const findings = renderFindings(report.findings);
    if (findings)
      io.stderr(
        `${preflightFailed ? 'Preflight found problems; nothing was uploaded.\n' : ''}${findings}\n`,
      );
    io.stdout(renderReport(report, dryRun));
  }
  if (preflightFailed) return EXIT.PREFLIGHT;
  return report.ok ? EXIT.OK : EXIT.FAILED;
}
