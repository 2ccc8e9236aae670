import path from 'node:path';
import {
  checkPublishedContent,
  createContext,
  definedFields,
  FIXES,
  isTrustpubError,
  TrustpubError,
  type CoreContext,
  type Logger,
} from '@trustpub/core';
import { createButterflyLog, type ButterflyLog, type OutputStreams } from './butterfly-log.js';
import { readChangesetsSetup } from './changesets-setup.js';
import type { TagRelease } from './git-tags.js';
import { createOutputReport } from './output-report.js';
import { readPackDir } from './pack-dir.js';
import { runChangesetsRelease } from './release-engine.js';
import {
  releaseFromPackDir,
  releaseFromWorkspace,
  type ChangesetsRelease,
} from './release-items.js';
import { printOutcome } from './print-outcome.js';
import { collectEntries, type ChangesetsPublishResult } from './publish-result.js';
import { tagReleases } from './tag-releases.js';

export type { ChangesetsPublishResult, PublishedPackage } from './publish-result.js';

/** Options of the programmatic `publish()`, the same as the command's flags. */
export interface ChangesetsPublishOptions {
  /** Where to start looking for the repository root (default: the process cwd). */
  cwd?: string;
  /** dist-tag for every package (not allowed in pre mode nor with `fromPackDir`). */
  tag?: string;
  /** Create git tags (default true). */
  gitTag?: boolean;
  /** Directory written by `changeset pack --out-dir`. */
  fromPackDir?: string;
  /** NDJSON output file (default: `$CHANGESETS_OUTPUT`). */
  output?: string;
  /** Stage instead of publishing (npm's staged publishing); staged versions get no git tag. */
  stage?: boolean;
  /** Files the secret scan accepts after review (paths inside a package or relative to `cwd`). */
  allowFiles?: readonly string[];
  /** Pack as this manager (`npm`, `pnpm`, `yarn`, `bun`) instead of the repository's own. */
  packAs?: string;
  /** Run no lifecycle script (unset: npm's `ignore-scripts` setting, as `changeset publish` would). */
  ignoreScripts?: boolean;
  /** A version already on the registry whose contents differ from this build is an error (else a warning). */
  strict?: boolean;
  /** Accepted for `changeset publish` compatibility; trusted publishing has no use for it. */
  otp?: string;
  /** Environment (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the 🦋 lines go (default: the process's stdout and stderr). */
  streams?: OutputStreams;
  /** A prepared core context (tests, embedding); built from `cwd` and `env` otherwise. */
  context?: CoreContext;
}

/**
 * `changeset publish` with npm trusted publishing: reads the changesets setup, lets the core plan and
 * publish (dependency chunks, one exchange per package, diagnosis first, provenance by npm's rules),
 * then tags in git and reports exactly as changesets does. Never throws a `TrustpubError`: every user
 * error ends in the result (and on stderr) with its code and fix.
 */
export async function publish(
  options: ChangesetsPublishOptions = {},
): Promise<ChangesetsPublishResult> {
  const env = options.env ?? process.env;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const streams = options.streams ?? {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  };
  let log: ButterflyLog = createButterflyLog(streams, (t) => t);
  const ctx = options.context ?? createContext({ cwd, env, logger: coreLogger(() => log) });
  log = createButterflyLog(streams, (t) => ctx.secrets.redact(t));
  const result: ChangesetsPublishResult = {
    exitCode: 0,
    published: [],
    alreadyPublished: [],
    staged: [],
    failed: [],
    notAttempted: [],
    gitTags: [],
    existingGitTags: [],
    findings: [],
  };
  try {
    await run(options, cwd, env, log, ctx, result);
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    const json = error.toJSON();
    result.error = {
      ...json,
      message: ctx.secrets.redact(json.message),
      hint: ctx.secrets.redact(json.hint),
    };
    log.error(`${json.code}: ${json.message}`);
    log.error(`fix: ${json.hint}`);
  }
  const failedSomething =
    result.error !== undefined ||
    result.failed.length > 0 ||
    result.notAttempted.length > 0 ||
    result.findings.some((f) => f.severity === 'error');
  result.exitCode = failedSomething ? 1 : 0;
  return result;
}

async function run(
  options: ChangesetsPublishOptions,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  log: ButterflyLog,
  ctx: CoreContext,
  result: ChangesetsPublishResult,
): Promise<void> {
  const setup = await readChangesetsSetup(cwd);
  const root = setup.packages.rootDir;
  for (const warning of setup.warnings) log.warn(warning);
  const tag = options.tag || undefined;
  if (options.fromPackDir && tag)
    throw optionError(
      '--tag cannot be combined with --from-pack-dir: the tags were decided by `changeset pack`.',
    );
  if (tag && setup.preState?.mode === 'pre')
    throw optionError(
      'Releasing under a custom tag is not allowed in pre mode.',
      FIXES.CONFIG_INVALID_OPTION.changesetsPreModeTag,
    );
  if (options.otp)
    log.warn(
      '--otp is ignored: trusted publishing authenticates with a per-package token from the CI identity, which needs no one-time password.',
    );
  if (!options.fromPackDir && (tag || setup.preState))
    showNonLatestTagWarning(log, tag, setup.preState?.tag);
  const outputFile = options.output ?? env.CHANGESETS_OUTPUT;
  const report = createOutputReport(outputFile ? path.resolve(cwd, outputFile) : undefined);

  const release: ChangesetsRelease = options.fromPackDir
    ? await releaseFromPackDir(
        setup,
        await readPackDir(path.resolve(cwd, options.fromPackDir)),
        log,
        ctx,
      )
    : await releaseFromWorkspace(setup, tag, log, ctx);
  result.alreadyPublished = (release.plan?.alreadyPublished ?? []).map(({ name, version }) => ({
    name,
    version,
  }));
  // "Already published" must mean these bytes: a changed build under a version the registry has is
  // said loudly, and with --strict stops the release before any upload.
  const plan = release.plan;
  const content = plan
    ? await checkPublishedContent(
        plan,
        { strict: Boolean(options.strict), packAs: options.packAs },
        ctx,
      )
    : [];
  if (content.some((f) => f.severity === 'error')) {
    result.findings = content;
    printOutcome(log, result, { noop: false });
    log.error('Nothing was published (--strict).');
    return;
  }
  const engine =
    release.plan && release.chunks.length
      ? await runChangesetsRelease(release.plan, release.chunks, ctx, {
          ...(options.stage ? { stage: true } : {}),
          ...(options.allowFiles?.length ? { allowFiles: options.allowFiles } : {}),
          ...(options.packAs ? { packAs: options.packAs } : {}),
          ...definedFields({ ignoreScripts: options.ignoreScripts }),
        })
      : { entries: [], findings: [] };
  result.findings = [...content, ...engine.findings];
  collectEntries(result, engine.entries);

  const gitTag = options.gitTag ?? true;
  const toTag: TagRelease[] = gitTag
    ? result.published.map(({ name, version }) => ({ name, version }))
    : [];
  const tagOnly = gitTag ? release.tagOnly : [];
  printOutcome(log, result, {
    noop:
      engine.entries.length === 0 && release.chunks.length === 0 && release.tagOnly.length === 0,
  });
  await tagReleases(
    { root, singlePackage: setup.singlePackage, published: toTag, tagOnly },
    result,
    log,
    report,
    ctx,
  );
  if (result.failed.length || result.notAttempted.length) {
    log.error('packages failed to publish:');
    log.log(
      [...result.failed, ...result.notAttempted]
        .map((r) => `${r.name}@${r.version ?? '?'}`)
        .join('\n'),
    );
  }
}

function showNonLatestTagWarning(
  log: ButterflyLog,
  tag: string | undefined,
  preTag: string | undefined,
): void {
  log.warn('===============================IMPORTANT!===============================');
  if (preTag !== undefined)
    log.warn(
      `You are in prerelease mode so packages will be published to the ${preTag}\n        dist tag except for packages that have not had normal releases which will be published to latest`,
    );
  else if (tag !== 'latest') log.warn(`Packages will be released under the ${tag} tag`);
  log.warn('----------------------------------------------------------------------');
}

function optionError(
  message: string,
  hint: string = FIXES.CONFIG_INVALID_OPTION.changesetsUsage,
): TrustpubError {
  return new TrustpubError('CONFIG_INVALID_OPTION', message, { hint });
}

/** The core's progress lines (preflight, chunks, per package) become 🦋 lines; debug stays quiet. */
function coreLogger(log: () => ButterflyLog): Logger {
  return {
    debug() {},
    info: (m) => log().info(m),
    warn: (m) => log().warn(m),
    error: (m) => log().error(m),
  };
}
