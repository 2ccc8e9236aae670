import { decodeClaims } from './claims.js';
import { detectCi } from './ci-detect.js';
import type { CoreContext } from './context.js';
import { isTrustpubError } from './errors.js';
import { diagnoseCi, diagnoseWriteTokens } from './diagnose-environment.js';
import { diagnoseExchange } from './diagnose-exchange.js';
import { diagnosePackage, type DiagnosePackage } from './diagnose-package.js';
import { audienceFor, createIdTokenCache } from './id-token.js';
import { loadNpmConfig } from './npm-config.js';
import { mapLimit } from './release-plan.js';
import type { Access, CiInfo, Finding, IdTokenCache, IdTokenClaims } from './types.js';

export type { DiagnosePackage } from './diagnose-package.js';

export interface DiagnoseInput {
  /** Where the project `.npmrc` is read from. */
  root: string;
  packages: readonly DiagnosePackage[];
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
}

/**
 * Every check that can fail a release before a single package is uploaded (issue 4 section 2): CI and
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
  const willSign = (pkg: DiagnosePackage) => signs(pkg, input.provenance, ci, claims, ctx);
  findings.push(...diagnoseCi(ci, claims, input.packages.some(willSign)));
  const config = await loadNpmConfig(input.root, ctx);
  findings.push(...diagnoseWriteTokens(registries, config, input.fallbackTokenEnv, ctx));
  const blocked = new Set<string>();
  for (const pkg of input.packages) {
    const own = diagnosePackage({
      pkg,
      ci,
      claims,
      access: input.access,
      provenance: input.provenance,
      willSign: willSign(pkg),
    });
    if (own.some((f) => f.code === 'EXCHANGE_PACKAGE_NOT_FOUND')) blocked.add(pkg.name);
    findings.push(...own);
  }
  if (ci && claims && input.exchange !== false) {
    const toCheck = input.packages.filter((p) => !blocked.has(p.name) && tokens.has(p.registry));
    const results = await mapLimit(toCheck, input.concurrency ?? 16, (pkg) =>
      diagnoseExchange(
        {
          packageName: pkg.name,
          registry: pkg.registry,
          idToken: tokens.get(pkg.registry) as string,
          ci,
          claims,
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

/** Whether provenance will be made: an explicit request or opt-out wins, otherwise npm's automatic rule. */
function signs(
  pkg: DiagnosePackage,
  requested: boolean | undefined,
  ci: CiInfo | undefined,
  claims: IdTokenClaims | undefined,
  ctx: CoreContext,
): boolean {
  const fromManifest = (pkg.manifest.publishConfig as { provenance?: unknown } | undefined)
    ?.provenance;
  const explicit =
    requested ??
    (fromManifest === undefined ? undefined : fromManifest === true || fromManifest === 'true');
  if (explicit !== undefined) return explicit;
  if (!ci || !claims) return false;
  if (ci.provider === 'github') return claims.repository_visibility === 'public';
  if (ci.provider === 'gitlab')
    return claims.project_visibility === 'public' && Boolean(ctx.env.SIGSTORE_ID_TOKEN);
  return false;
}
