import type { CoreContext, Access, CiInfo, IdTokenClaims, PackedPackage } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';
import { parseJson, registryRequest, escapePackageName } from '../registry/index.js';
import {
  decideProvenance,
  type ProvenanceDecision,
  signProvenance,
  type SignedProvenance,
  buildProvenanceStatement,
} from '../provenance/index.js';

export interface ProvenanceStepInput {
  ci: CiInfo | undefined;
  packed: PackedPackage;
  requested: boolean | undefined;
  npmConfig: string | undefined;
  claims: IdTokenClaims | undefined;
  access: Access | null;
  registry: string;
  /** The exchanged token, for npm's visibility check. Undefined: the check is not made. */
  token: string | undefined;
  /** Decide only (dry run). */
  sign: boolean;
}

/**
 * npm's provenance decision (provenance engineer's rule) and, when on, the signed bundle. The
 * visibility check asks `GET /-/package/<esc>/visibility` with the package's token, as npm does.
 */
export async function provenanceStep(
  input: ProvenanceStepInput,
  ctx: CoreContext,
): Promise<{ decision: ProvenanceDecision; signed: SignedProvenance | undefined }> {
  const name = input.packed.manifest.name;
  const token = input.token;
  const decision = await decideProvenance(
    {
      ci: input.ci,
      requested: input.requested,
      publishConfig: (input.packed.manifest.publishConfig as { provenance?: unknown } | undefined)
        ?.provenance,
      npmConfig: input.npmConfig,
      claims: input.claims,
      access: input.access,
      ...(token
        ? { isPackagePublic: () => isPackagePublic(name, input.registry, token, ctx) }
        : {}),
    },
    ctx,
  );
  if (!decision.provenance) {
    ctx.logger.info(`${name}: ${decision.message}`);
    return { decision, signed: undefined };
  }
  if (!input.sign || !input.ci) return { decision, signed: undefined };
  const statement = buildProvenanceStatement(input.ci, input.packed, ctx.env);
  const signed = await signProvenance(statement, {}, ctx);
  ctx.logger.info(
    `${name}: signed provenance statement${signed.transparencyLogUrl ? ` (transparency log: ${signed.transparencyLogUrl})` : ''}`,
  );
  return { decision, signed };
}

/** `{ public: boolean }` from the registry; 404 (new or unknown package) counts as not public, like npm. */
async function isPackagePublic(
  name: string,
  registry: string,
  token: string,
  ctx: CoreContext,
): Promise<boolean> {
  const res = await registryRequest(
    {
      method: 'GET',
      url: new URL(`-/package/${escapePackageName(name)}/visibility`, registry),
      token,
      kind: 'visibility',
      purpose: `the visibility check of ${name}`,
    },
    ctx,
  );
  if (res.status === 404) return false;
  if (res.status !== 200) {
    throw new TrustpubError(
      'REGISTRY_HTTP_ERROR',
      `The visibility check of ${name} answered HTTP ${res.status}.`,
      {
        hint: FIXES.REGISTRY_HTTP_ERROR.visibility,
        httpStatus: res.status,
        packageName: name,
      },
    );
  }
  const parsed = parseJson(res.text);
  const isPublic = parsed.ok ? (parsed.value as { public?: unknown } | null)?.public : undefined;
  if (typeof isPublic !== 'boolean') {
    throw new TrustpubError(
      'REGISTRY_MALFORMED_RESPONSE',
      `The visibility check of ${name} did not answer {"public": true|false}.`,
      {
        hint: FIXES.REGISTRY_MALFORMED_RESPONSE,
        packageName: name,
      },
    );
  }
  return isPublic;
}
