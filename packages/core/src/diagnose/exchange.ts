import {
  relevantClaims,
  matchingSettings,
  exchangeToken,
  type ExchangedToken,
} from '../oidc/index.js';
import type { CoreContext, CiInfo, Finding, IdTokenClaims } from '../kernel/index.js';
import { isTrustpubError } from '../errors/index.js';

/**
 * Asks the registry for a token for one package, exactly as the publish will. The exchange is the only
 * way to know whether a trusted publisher matches. The token it yields is registered as a secret; a
 * release hands it to the package's own upload while fresh (`exchanged`: the release made the exchange),
 * doctor drops it. A refusal becomes a finding that shows the ID token's claims and the trusted-publisher
 * settings that would match them.
 */
export async function diagnoseExchange(
  input: {
    packageName: string;
    registry: string;
    idToken: string;
    ci: CiInfo;
    claims: IdTokenClaims;
    /** The exchange, when the caller makes it. */
    exchanged?: () => Promise<ExchangedToken>;
  },
  ctx: CoreContext,
): Promise<Finding | undefined> {
  try {
    const exchanged = input.exchanged
      ? await input.exchanged()
      : await exchangeToken(
          { registry: input.registry, packageName: input.packageName, idToken: input.idToken },
          ctx,
        );
    ctx.secrets.add(exchanged.token);
    return undefined;
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    // Only a refusal of the identity is about the trusted publisher; a network failure or a registry
    // outage is printed as what it is, without claims that would point at the wrong cause.
    if (!TRUST_REFUSALS.has(error.code)) {
      return {
        code: error.code,
        severity: 'error',
        packageName: input.packageName,
        message: ctx.secrets.redact(error.message),
        hint: error.hint,
        details: { httpStatus: error.httpStatus ?? null },
      };
    }
    const settings = matchingSettings(input.ci, input.claims, input.packageName);
    const claims = relevantClaims(input.ci.provider, input.claims);
    const lines = [
      `${ctx.secrets.redact(error.message)}`,
      `  ID token claims (what the registry matched against):`,
      ...Object.entries(claims).map(
        ([k, v]) => `    ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
      ),
      // On a self-hosted runner no trusted publisher helps: do not suggest one.
      ...(input.claims.runner_environment === 'self-hosted'
        ? []
        : [
            `  A trusted publisher that matches this job:`,
            ...Object.entries(settings.fields).map(([k, v]) => `    ${k}: ${v}`),
            ...environmentNote(input.claims, input.ci),
          ]),
    ];
    // The exchange's hint names the one fix command for the situation it found (package missing or
    // not); the details carry that same command.
    const command =
      typeof error.details?.command === 'string' ? error.details.command : settings.command;
    return {
      code: error.code,
      severity: 'error',
      packageName: input.packageName,
      message: lines.join('\n'),
      hint: error.hint,
      details: {
        claims,
        expectedTrustedPublisher: settings.fields,
        command,
        httpStatus: error.httpStatus ?? null,
      },
    };
  }
}

const TRUST_REFUSALS = new Set([
  'EXCHANGE_UNAUTHORIZED',
  'EXCHANGE_NO_TRUSTED_PUBLISHER',
  'EXCHANGE_PACKAGE_NOT_FOUND',
  'EXCHANGE_FORBIDDEN',
]);

/**
 * Environment mismatches are a common refusal the claims alone do not make obvious. The registry does not
 * say which field failed, so this is offered as a possibility to check, never as the finding.
 */
function environmentNote(claims: IdTokenClaims, ci: CiInfo): string[] {
  if (ci.provider === 'circleci') return [];
  const env = str(claims.environment);
  return env
    ? [
        `  Also check the environment: the job runs in "${env}", and a trusted publisher naming another environment (names are case-sensitive) does not match.`,
      ]
    : [
        `  Also check the environment: the job declares none, so a trusted publisher that names one would not match (then add \`environment: <name>\` to the job or remove it from the trusted publisher).`,
      ];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
