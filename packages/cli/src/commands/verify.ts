import {
  FIXES,
  isTrustpubError,
  loadNpmConfig,
  pickRegistry,
  verifyPublished,
  type TrustpubError,
  type TrustpubErrorJson,
} from '@trustpub/core';
import { parse, registryUrl, UsageError } from '../args.js';
import { createCliContext, redactingIo } from '../cli-context.js';
import { EXIT, VERIFY_EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export const VERIFY_HELP = `Usage: trustpub verify NAME@VERSION... [--registry URL] [--repo OWNER/REPO] [--workflow FILE]
                       [--no-provenance] [--json]

Checks published versions: the registry serves the tarball whose integrity the packument records, and
the version carries a provenance attestation that verifies against that tarball.

Options:
  --registry URL      the registry to check (default: the one npm would pick for each name)
  --repo OWNER/REPO   require the attestation to be signed in this repository (GitLab: GROUP/PROJECT)
  --workflow FILE     require the attestation to be signed by this workflow file (release.yml,
                      .github/workflows/release.yml, .gitlab-ci.yml)
  --no-provenance     accept a version without an attestation (one that is listed is still verified)
  --json              print the results as JSON on stdout
  -h, --help          show this help

${VERIFY_EXIT_CODES}
`;

/** npm's rule for names of new packages (lower case, URL-safe, optional scope). */
const NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
/** A full semver version (with optional prerelease and build). */
const VERSION =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Splits `@scope/name@1.2.3` / `name@1.2.3`; anything else is a usage error, before any request. */
function splitSpec(spec: string): { name: string; version: string } {
  const at = spec.lastIndexOf('@');
  const usage = `"${spec}" is not NAME@VERSION (e.g. @scope/pkg@1.2.3)`;
  if (at <= 0) throw new UsageError(`${usage}.`);
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  if (!NAME.test(name)) throw new UsageError(`${usage}: "${name}" is not a package name.`);
  if (!VERSION.test(version))
    throw new UsageError(`${usage}: "${version}" is not an exact version such as 1.2.3.`);
  return { name, version };
}

/** `trustpub verify`: integrity and provenance of published versions. */
export async function runVerifyCommand(argv: string[], rawIo: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    registry: { type: 'string' },
    repo: { type: 'string' },
    workflow: { type: 'string' },
    provenance: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    rawIo.stdout(VERIFY_HELP);
    return EXIT.OK;
  }
  if (!positionals.length) throw new UsageError('Name at least one NAME@VERSION to verify.');
  const specs = positionals.map(splitSpec);
  // An attestation is required unless --no-provenance says otherwise; --repo/--workflow check one.
  const requireProvenance = values.provenance !== false;
  if (!requireProvenance && (values.repo !== undefined || values.workflow !== undefined))
    throw new UsageError(
      '--repo and --workflow check the provenance attestation; they cannot be combined with --no-provenance.',
    );
  for (const [flag, value] of [
    ['--repo', values.repo],
    ['--workflow', values.workflow],
  ] as const)
    if (value !== undefined && !value.trim()) throw new UsageError(`${flag} needs a value.`);
  const ctx = createCliContext(rawIo, { json: Boolean(values.json) });
  const io = redactingIo(rawIo, ctx);
  const config = await loadNpmConfig(io.cwd, ctx);
  const override = registryUrl(values.registry);
  const results: {
    name: string;
    version: string;
    ok: boolean;
    details?: unknown;
    error?: TrustpubErrorJson;
  }[] = [];
  for (const { name, version } of specs) {
    const registry = override ?? pickRegistry(name, {}, config);
    try {
      const details = await verifyPublished(
        {
          name,
          version,
          registry,
          provenance: requireProvenance,
          ...(values.repo ? { repository: values.repo.trim() } : {}),
          ...(values.workflow ? { workflowPath: values.workflow.trim() } : {}),
        },
        ctx,
      );
      results.push({ name, version, ok: true, details });
      if (!values.json) io.stdout(`verified  ${name}@${version}${describe(details)}\n`);
    } catch (error) {
      if (!isTrustpubError(error)) throw error;
      const hint = hintFor(error);
      results.push({ name, version, ok: false, error: { ...error.toJSON(), hint } });
      if (!values.json)
        io.stdout(
          `FAILED    ${name}@${version}  ${error.code}: ${error.message}\n          fix: ${hint}\n`,
        );
    }
  }
  if (values.json)
    io.stdout(`${JSON.stringify({ ok: results.every((r) => r.ok), results }, null, 2)}\n`);
  return results.every((r) => r.ok) ? EXIT.OK : EXIT.FAILED;
}

/** The core's fix, plus the option of this command that applies. */
function hintFor(error: TrustpubError): string {
  if (error.code === 'VERIFY_ATTESTATION_MISSING' && error.details?.attestationListed === false)
    return `${error.hint} ${FIXES.VERIFY_ATTESTATION_MISSING.withoutProvenance}`;
  return error.hint;
}

function describe(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const d = details as { integrity?: unknown; provenance?: unknown };
  const parts: string[] = [];
  if (typeof d.integrity === 'string') parts.push(`integrity ${d.integrity.slice(0, 20)}...`);
  if (d.provenance) parts.push('provenance verified');
  else if (d.provenance === false || d.provenance === null) parts.push('no provenance');
  return parts.length ? `  (${parts.join(', ')})` : '';
}
