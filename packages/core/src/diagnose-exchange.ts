import { relevantClaims } from './claims.js';
import type { CoreContext } from './context.js';
import { isTrustpubError } from './errors.js';
import { workflowFile } from './diagnose-environment.js';
import { exchangeToken } from './token-exchange.js';
import type { CiInfo, Finding, IdTokenClaims } from './types.js';

/**
 * Asks the registry for a token for one package, exactly as the publish will. The exchange is the only
 * way to know whether a trusted publisher matches; the token it yields is registered as a secret and
 * dropped (the publish does its own exchange right before its upload). A refusal becomes a finding that
 * shows the ID token's claims and the trusted-publisher settings that would match them.
 */
export async function diagnoseExchange(
  input: {
    packageName: string;
    registry: string;
    idToken: string;
    ci: CiInfo;
    claims: IdTokenClaims;
  },
  ctx: CoreContext,
): Promise<Finding | undefined> {
  try {
    const exchanged = await exchangeToken(
      { registry: input.registry, packageName: input.packageName, idToken: input.idToken },
      ctx,
    );
    ctx.secrets.add(exchanged.token);
    return undefined;
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    const settings = matchingSettings(input.ci, input.claims, input.packageName);
    const claims = relevantClaims(input.ci.provider, input.claims);
    const lines = [
      `${ctx.secrets.redact(error.message)}`,
      `  ID token claims (what the registry matched against):`,
      ...Object.entries(claims).map(
        ([k, v]) => `    ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
      ),
      `  A trusted publisher that matches this job:`,
      ...Object.entries(settings.fields).map(([k, v]) => `    ${k}: ${v}`),
      ...environmentNote(input.claims, input.ci),
    ];
    return {
      code: error.code,
      severity: 'error',
      packageName: input.packageName,
      message: lines.join('\n'),
      // The exchange's own hint already names the command for a refusal; print it once.
      hint: error.hint.includes(settings.command)
        ? error.hint
        : `${error.hint} Create the matching trusted publisher with: ${settings.command}`,
      details: {
        claims,
        expectedTrustedPublisher: settings.fields,
        command: settings.command,
        httpStatus: error.httpStatus ?? null,
      },
    };
  }
}

/**
 * The trusted-publisher fields (and the `trustpub trust` command creating them, with the permission flag
 * it requires) that these claims would match.
 */
export function matchingSettings(
  ci: CiInfo,
  claims: IdTokenClaims,
  packageName: string,
): { fields: Record<string, string>; command: string } {
  const env =
    typeof claims.environment === 'string' && claims.environment ? claims.environment : undefined;
  if (ci.provider === 'github') {
    const repository = str(claims.repository) ?? ci.repository ?? 'OWNER/REPO';
    const file = workflowFile(str(claims.workflow_ref) ?? ci.workflowRef ?? 'FILE.yml@');
    return {
      fields: {
        provider: 'GitHub Actions',
        repository,
        'workflow file': file,
        environment: env ?? '(none)',
      },
      command: `trustpub trust github ${packageName} --repo ${repository} --file ${file}${env ? ` --env ${env}` : ''} --allow-publish`,
    };
  }
  if (ci.provider === 'gitlab') {
    const project = str(claims.project_path) ?? ci.repository ?? 'GROUP/PROJECT';
    const file = workflowFile(str(claims.ci_config_ref_uri) ?? '.gitlab-ci.yml@');
    return {
      fields: {
        provider: 'GitLab CI/CD',
        project,
        'config file': file,
        environment: env ?? '(none)',
      },
      command: `trustpub trust gitlab ${packageName} --project ${project} --file ${file}${env ? ` --env ${env}` : ''} --allow-publish`,
    };
  }
  const c = (k: string) => str(claims[`oidc.circleci.com/${k}`]) ?? `(missing ${k})`;
  return {
    fields: {
      provider: 'CircleCI',
      'org id': c('org-id'),
      'project id': c('project-id'),
      'pipeline definition id': c('pipeline-definition-id'),
      'vcs origin': c('vcs-origin'),
    },
    command: `trustpub trust circleci ${packageName} --org-id ${c('org-id')} --project-id ${c('project-id')} --pipeline-definition-id ${c('pipeline-definition-id')} --vcs-origin ${c('vcs-origin')} --allow-publish`,
  };
}

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
