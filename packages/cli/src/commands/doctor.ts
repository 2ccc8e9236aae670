import {
  checkPublishedContent,
  definedFields,
  diagnose,
  planRelease,
  readManifest,
  type CoreContext,
  type DiagnosePackage,
  type ReleasePlan,
} from '@trustpub/core';
import { parse } from '../args.js';
import { CLI_CONNECTIONS, createCliContext, redactingIo } from '../cli-context.js';
import { githubAnnotations, githubSummary } from '../ci-output.js';
import { workflowFindings } from './doctor-workflows.js';
import { RELEASE_OPTIONS, releaseOptions } from './release-options.js';
import { DOCTOR_EXIT_CODES, EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { renderFindings } from '../render.js';
import {
  assertRootSelectable,
  assertSomethingPublishable,
  describeSelection,
  selectedPackages,
} from './selection.js';

export const DOCTOR_HELP = `Usage: trustpub doctor [PATH...] [options]

Runs every check \`trustpub publish\` runs before its first upload, and changes nothing: the CI and its
ID token, the runner, reusable workflows, write tokens that would mask OIDC, packages that do not exist
yet, access, repository and provenance settings, and one token exchange per package (the exchanged
tokens are discarded). When an exchange is refused it prints the ID token's claims and the trusted-
publisher settings that would match them, with the command that creates them. Versions already on the
registry (which publish would skip) are checked too, so a trust mismatch is found whatever the version.

Options:
  --workspaces       check the workspace packages (PATHs, when given, select among them)
  --registry URL     check against this registry instead of the one npm would pick
  --access public|restricted, --provenance, --no-provenance
                     check as \`publish\` would with these options
  --fallback-token-env VAR
                     do not warn about $VAR (you name it as a deliberate fallback)
  --allow-file PATH  accept a file the secret scan flags, after you reviewed it (repeatable)
  --pack-as npm|pnpm|yarn|bun
                     check the files this package manager would pack (default: the workspace's)
  --ignore-scripts   accepted as publish takes it (doctor runs no lifecycle script)
  --no-workflows     do not lint the CI files (.github/workflows, .gitlab-ci.yml, .circleci/config.yml)
  --json             print the findings as JSON on stdout
  -h, --help         show this help

${DOCTOR_EXIT_CODES}
`;

/** `trustpub doctor`: the preflight checks alone. */
export async function runDoctorCommand(argv: string[], rawIo: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...RELEASE_OPTIONS,
    workflows: { type: 'boolean', default: true },
  });
  if (values.help) {
    rawIo.stdout(DOCTOR_HELP);
    return EXIT.OK;
  }
  // Doctor runs no script; --ignore-scripts is accepted so a publish command line can be checked as is.
  const { selection, registry, access, packAs, json, ...shared } = releaseOptions(
    values,
    positionals,
  );
  const ctx = createCliContext(rawIo, { json, verbose: shared.verbose });
  const io = redactingIo(rawIo, ctx);
  await assertRootSelectable(selection, io.cwd, ctx);
  const plan = await planRelease(
    {
      root: io.cwd,
      ...selectedPackages(selection),
      ...definedFields({ registry }),
      lookupConcurrency: CLI_CONNECTIONS,
    },
    ctx,
  );
  assertSomethingPublishable(plan);
  const packages = plan.chunks.flat();
  const published = await alreadyPublished(plan, ctx);
  const findings = await diagnose(
    {
      root: plan.root,
      packages: [...packages, ...published],
      manifests: true,
      access,
      provenance: shared.provenance,
      fallbackTokenEnv: shared.fallbackTokenEnv,
      concurrency: CLI_CONNECTIONS,
      dependencies: { packages, workspace: plan.workspace, published: plan.alreadyPublished },
      ...(shared.allowFiles ? { allowFiles: shared.allowFiles } : {}),
      ...definedFields({ packAs }),
    },
    ctx,
  );
  if (values.workflows !== false) findings.push(...(await workflowFindings(plan, ctx)));
  // A version already out whose contents differ from this build: publish would skip it silently.
  // Packed as the publish would pack it (--pack-as included), or the comparison would be of other bytes.
  findings.push(...(await checkPublishedContent(plan, definedFields({ packAs }), ctx)));
  const errors = findings.filter((f) => f.severity === 'error');
  githubAnnotations(io, [], findings, json);
  const names = packages.map((p) => `${p.name}@${p.version}`);
  const onRegistry = published.map((p) => `${p.name}@${p.version}`);
  githubSummary(io, 'trustpub doctor', [], findings, [...names, ...onRegistry]);
  if (json) {
    io.stdout(
      `${JSON.stringify({ ok: errors.length === 0, selected: describeSelection(selection, plan), checked: [...names, ...onRegistry], toPublish: names, alreadyPublished: onRegistry, findings }, null, 2)}\n`,
    );
  } else {
    io.stdout(`${describeSelection(selection, plan)}\n`);
    io.stdout(
      names.length
        ? `Checked ${names.length} package(s) to publish: ${names.join(', ')}${onRegistry.length ? `; and ${onRegistry.length} already on the registry (publish skips them): ${onRegistry.join(', ')}` : ''}.\n`
        : `Nothing new to publish: every selected version is already on the registry. Checked them anyway (trusted publisher, settings): ${onRegistry.join(', ') || '(none)'}.\n`,
    );
    const text = renderFindings(findings);
    io.stdout(
      text
        ? `${text}\n`
        : names.length
          ? 'No problems found: publishing should work.\n'
          : 'No problems found: publishing a new version should work.\n',
    );
    if (errors.length) io.stdout(`${errors.length} problem(s) would make publishing fail.\n`);
  }
  return errors.length ? EXIT.FAILED : EXIT.OK;
}

/**
 * The selected versions already on the registry, as diagnose takes them: publish would skip them, but
 * someone validating a setup wants the exchange (trust) and settings checked whatever the version.
 */
async function alreadyPublished(plan: ReleasePlan, ctx: CoreContext): Promise<DiagnosePackage[]> {
  return Promise.all(
    plan.alreadyPublished.map(async (p) => {
      const dir = plan.workspace.packages.get(p.name)?.dir ?? plan.root;
      const manifest = await readManifest(dir).catch(() => undefined);
      ctx.logger.debug(`${p.name}@${p.version} is on the registry already; checking it anyway`);
      return {
        name: p.name,
        version: p.version,
        registry: p.registry,
        manifest: manifest?.name === p.name ? manifest : { name: p.name, version: p.version },
        existsOnRegistry: true,
      };
    }),
  );
}
