import {
  decodeClaims,
  detectCi,
  audienceFor,
  createIdTokenCache,
  type ExchangedToken,
} from '../oidc/index.js';
import {
  type CoreContext,
  mapLimit,
  type Access,
  type CiInfo,
  type Finding,
  type IdTokenCache,
  type IdTokenClaims,
} from '../kernel/index.js';
import { isTrustpubError, type TrustpubError } from '../errors/index.js';
import { diagnoseCi, diagnoseWriteTokens } from './environment.js';
import { diagnoseExchange } from './exchange.js';
import { diagnoseManifest } from './manifest.js';
import { diagnosePackage, type DiagnosePackage } from './package.js';
import { configValue, loadNpmConfig, type NpmConfig } from '../registry/index.js';
import { decideProvenance } from '../provenance/index.js';
import { diagnoseDependencies, type DependencyCheckInput } from './dependencies.js';
import { diagnoseSecrets, type PackedScan } from './secrets.js';

export type { DiagnosePackage } from './package.js';
export type { PackedScan } from './secrets.js';

export interface DiagnoseInput {
  /** Where the project `.npmrc` is read from. */
  root: string;
  packages: readonly DiagnosePackage[];
  /**
   * Check each package's manifest as its upload will see it (version, prerelease tag, `latest`,
   * `workspace:` targets). Off by default: a caller whose versions are not final yet (semantic-release's
   * verifyConditions runs before the version is bumped) would get findings about the old version.
   */
  manifests?: boolean;
  /** The release's --tag, for the manifest checks (a prerelease needs one; `latest` must not go back). */
  tag?: string | undefined;
  access?: Access | undefined;
  provenance?: boolean | undefined;
  /** Run the per-package exchange check (default true). */
  exchange?: boolean;
  /** Shared with the publish so the CI is asked for an ID token once. */
  idTokens?: IdTokenCache;
  /** The variable named with `--fallback-token-env`: a deliberate fallback is not reported. */
  fallbackTokenEnv?: string | undefined;
  /** How many exchanges run at once (default 16). */
  concurrency?: number;
  /**
   * Gives each package's exchange when the caller makes them (a release starts them while it plans, and
   * its uploads reuse the tokens); without it, the check exchanges itself.
   */
  exchanged?: (packageName: string, registry: string) => Promise<ExchangedToken>;
  /** The release's packages with their workspace: checks that every sibling they need is installable. */
  dependencies?: Omit<DependencyCheckInput, 'config' | 'concurrency'>;
  /** Scan the files each package would publish for secrets (default true; packages need a `dir`). */
  secretScan?: boolean;
  /**
   * The scan of a package's real tarball when the caller packs it anyway before the verdict (a release
   * does, for packages without pack-time scripts); it replaces listing and reading the same files from
   * disk a second time. Undefined, or 'not-scanned', for the other packages.
   */
  packedScan?: (packageName: string) => Promise<PackedScan> | undefined;
  /** Files the secret scan accepts after review (`--allow-file`). */
  allowFiles?: readonly string[] | undefined;
  /** Pack as this manager instead of the detected one (which files the secret scan reads). */
  packAs?: string | undefined;
}

/**
 * Every check that can fail a release before a single package is uploaded: CI and
 * ID-token availability, runner kind, reusable workflows, configured write tokens, first publishes,
 * access, repository and provenance preconditions, and one exchange per package. Changes nothing.
 */
export async function diagnose(input: DiagnoseInput, ctx: CoreContext): Promise<Finding[]> {
  const ci = detectCi(ctx);
  const findings: Finding[] = [];
  const registries = [...new Set(input.packages.map((p) => p.registry))];
  const idTokens = ci ? (input.idTokens ?? createIdTokenCache(ci, ctx)) : undefined;
  const tokens = new Map<string, string>();
  let claims: IdTokenClaims | undefined;
  if (ci && idTokens) {
    for (const registry of registries.length ? registries : []) {
      try {
        const token = await idTokens.get(audienceFor(registry));
        tokens.set(registry, token);
        claims ??= decodeClaims(token);
      } catch (error) {
        if (!isTrustpubError(error)) throw error;
        findings.push({
          code: error.code,
          severity: 'error',
          message: error.message,
          hint: error.hint,
          ...(error.details ? { details: error.details } : {}),
        });
        break; // the same cause would repeat for every registry
      }
    }
  }
  const config = await loadNpmConfig(input.root, ctx);
  if (input.dependencies)
    findings.push(
      ...(await diagnoseDependencies(
        { ...input.dependencies, config, concurrency: input.concurrency ?? 16 },
        ctx,
      )),
    );
  const provenance = new Map<string, ProvenanceOutlook>();
  for (const pkg of input.packages)
    provenance.set(pkg.name, await provenanceOutlook(pkg, input, ci, claims, config, ctx));
  const willSign = (pkg: DiagnosePackage) => provenance.get(pkg.name)?.willSign ?? false;
  const ciFindings = diagnoseCi(ci, claims, input.packages.some(willSign));
  findings.push(...ciFindings);
  findings.push(...diagnoseWriteTokens(registries, config, input.fallbackTokenEnv, ctx));
  if (input.secretScan !== false)
    findings.push(
      ...(await diagnoseSecrets(
        input.packages,
        {
          allowFiles: input.allowFiles,
          workspace: input.dependencies?.workspace,
          packAs: input.packAs,
          packedScan: input.packedScan,
        },
        ctx,
      )),
    );
  const blocked = new Set<string>();
  for (const pkg of input.packages) {
    const own = diagnosePackage({
      pkg,
      ci,
      claims,
      access: pkg.access ?? input.access,
      provenance: input.provenance,
      willSign: willSign(pkg),
    });
    if (own.some((f) => f.code === 'EXCHANGE_PACKAGE_NOT_FOUND')) blocked.add(pkg.name);
    findings.push(...own);
    if (input.manifests)
      findings.push(
        ...diagnoseManifest({
          ...pkg,
          tag: pkg.tag ?? input.tag,
          access: pkg.access ?? input.access,
          workspace: input.dependencies?.workspace,
        }).filter((f) => !own.some((o) => o.code === f.code)),
      );
    // An explicit provenance setting that cannot work fails the publish before the upload: report it,
    // unless the same cause is already reported (job-wide or for this package).
    const problem = provenance.get(pkg.name)?.problem;
    if (
      problem &&
      ![...ciFindings, ...own].some((f) => f.code === problem.code) &&
      !(problem.code === 'CONFIG_INVALID_OPTION' && findings.some((f) => f.code === problem.code))
    )
      findings.push({
        code: problem.code,
        severity: 'error',
        packageName: pkg.name,
        message: `${pkg.name}: ${problem.message}`,
        hint: problem.hint,
        ...(problem.details ? { details: problem.details } : {}),
      });
  }
  if (ci && claims && input.exchange !== false) {
    const toCheck = input.packages.filter((p) => !blocked.has(p.name) && tokens.has(p.registry));
    const given = input.exchanged;
    const results = await mapLimit(toCheck, input.concurrency ?? 16, (pkg) =>
      diagnoseExchange(
        {
          packageName: pkg.name,
          registry: pkg.registry,
          idToken: tokens.get(pkg.registry) as string,
          ci,
          claims,
          ...(given ? { exchanged: () => given(pkg.name, pkg.registry) } : {}),
        },
        ctx,
      ),
    );
    for (const f of results) if (f) findings.push(f);
  }
  return input.fallbackTokenEnv
    ? findings.map((f) => withFallback(f, input.fallbackTokenEnv as string))
    : findings;
}

/**
 * With `--fallback-token-env`, a job without a usable identity or trusted publisher still publishes (with
 * the named token), so those findings stop being errors; they stay visible as warnings.
 */
function withFallback(f: Finding, variable: string): Finding {
  if (f.severity !== 'error' || !/^(CI_NOT_DETECTED|ID_TOKEN_|EXCHANGE_)/.test(f.code)) return f;
  return {
    ...f,
    severity: 'warning',
    message: `${f.message}\n  ${f.packageName ?? 'Packages'} will be published with the token in ${variable} (--fallback-token-env) instead.`,
  };
}

interface ProvenanceOutlook {
  /** Whether the publish will sign (or, for an explicit request that cannot work, try to). */
  willSign: boolean;
  /** Why an explicit setting cannot work (or is not a boolean): the publish would stop with this. */
  problem?: TrustpubError;
}

/**
 * The publish's own provenance rule (`decideProvenance`: option, publishConfig, npm config, then npm's
 * automatic rule with its self-hosted and missing-sigstore-token exceptions), so doctor predicts what the
 * publish will do. Diagnose holds no exchanged token to ask the registry for the package's visibility, so
 * a package on the registry is taken as public (the case where npm signs) and a new one as not.
 */
async function provenanceOutlook(
  pkg: DiagnosePackage,
  input: DiagnoseInput,
  ci: CiInfo | undefined,
  claims: IdTokenClaims | undefined,
  config: NpmConfig,
  ctx: CoreContext,
): Promise<ProvenanceOutlook> {
  const publishConfig = (pkg.manifest.publishConfig ?? {}) as Record<string, unknown>;
  try {
    const decision = await decideProvenance(
      {
        ci,
        requested: input.provenance,
        publishConfig: publishConfig.provenance,
        npmConfig: configValue(config, 'provenance'),
        claims,
        access: pkg.access ?? input.access ?? (publishConfig.access as Access | undefined),
        isPackagePublic: () => Promise.resolve(pkg.existsOnRegistry !== false),
      },
      ctx,
    );
    return { willSign: decision.provenance };
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    return { willSign: error.code.startsWith('PROVENANCE_'), problem: error };
  }
}
