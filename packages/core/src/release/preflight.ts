import type { CoreContext, Finding, IdTokenCache } from '../kernel/index.js';
import type { PackedScan } from '../diagnose/index.js';
import type { ReleaseExchanges } from './exchanges.js';
import type { ReleasePlan } from './plan.js';
import type { ReleaseEvent } from './report.js';
import { releaseSteps } from './steps.js';

/** Exchanges checked at once in the preflight (requests only, no uploads). */
const PREFLIGHT_CONCURRENCY = 32;

export interface Preflight {
  /** Settles with the reason nothing may be published, or undefined when publishing may go on. */
  verdict: Promise<string | undefined>;
  /** The findings, once `verdict` has settled. */
  findings(): Finding[];
}

/**
 * Starts the preflight (every check of `diagnose`, incl. one exchange per package, whose token the
 * package's upload then uses) without waiting for it: packages without pack-time scripts are packed and
 * signed meanwhile; no script runs and nothing is uploaded before the verdict.
 */
export function startPreflight(
  plan: ReleasePlan,
  options: {
    enabled: boolean;
    fallbackTokenEnv: string | undefined;
    /** Files the secret scan accepts after review. */
    allowFiles?: readonly string[] | undefined;
    /** The manager the packages are packed as (the secret scan lists its files). */
    packAs?: string | undefined;
    concurrency: number;
    idTokens: IdTokenCache | undefined;
    /** The release's exchanges: the preflight reads their answers instead of exchanging itself. */
    exchanges: ReleaseExchanges | undefined;
    /** The outcome of packing a package the release packs before the verdict (its secret scan). */
    packedScan?: (packageName: string) => Promise<PackedScan> | undefined;
  },
  emit: (event: ReleaseEvent) => void,
  ctx: CoreContext,
): Preflight {
  const all = plan.chunks.flat();
  let findings: Finding[] = [];
  if (!options.enabled || all.length === 0)
    return { verdict: Promise.resolve(undefined), findings: () => findings };
  const { exchanges } = options;
  const verdict = (async () => {
    emit({ type: 'preflight', packages: all.length });
    ctx.logger.info(`Preflight: checking ${all.length} package(s) before anything is published`);
    const { diagnose } = await releaseSteps();
    findings = await diagnose.diagnose(
      {
        root: plan.root,
        packages: all,
        manifests: true,
        tag: plan.tag,
        access: plan.access,
        provenance: plan.provenance,
        fallbackTokenEnv: options.fallbackTokenEnv,
        allowFiles: options.allowFiles,
        packAs: options.packAs,
        dependencies: {
          packages: all,
          workspace: plan.workspace,
          published: plan.alreadyPublished,
        },
        ...(options.idTokens ? { idTokens: options.idTokens } : {}),
        ...(exchanges
          ? { exchanged: (name, registry) => exchanges.exchanged(name, registry) }
          : {}),
        ...(options.packedScan ? { packedScan: options.packedScan } : {}),
        concurrency: Math.max(PREFLIGHT_CONCURRENCY, options.concurrency),
      },
      ctx,
    );
    const errors = findings.filter((f) => f.severity === 'error').length;
    return errors
      ? `Not published: the preflight found ${errors} problem(s); nothing was uploaded.`
      : undefined;
  })();
  return { verdict, findings: () => findings };
}
