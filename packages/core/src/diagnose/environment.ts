import { readFileSync } from 'node:fs';
import { FIXES } from '../errors/index.js';
import type { CoreContext, CiInfo, Finding, IdTokenClaims } from '../kernel/index.js';
import { type NpmConfig, authKeyFor, authTokenFor } from '../registry/index.js';
import { workflowFile } from '../oidc/index.js';

/** The value `actions/setup-node` exports as NODE_AUTH_TOKEN when none was given (reported in many issues). */
const SETUP_NODE_PLACEHOLDER = 'XXXXX-XXXXX-XXXXX-XXXXX';

/** Checks of the CI job itself: provider, runner kind, reusable workflows. Needs no network. */
export function diagnoseCi(
  ci: CiInfo | undefined,
  claims: IdTokenClaims | undefined,
  willSign: boolean,
): Finding[] {
  if (!ci) {
    return [
      {
        code: 'CI_NOT_DETECTED',
        severity: 'error',
        message:
          'No supported CI was detected (none of GITHUB_ACTIONS, GITLAB_CI, CIRCLECI is set, or CI=false), so there is no ID token to exchange.',
        hint: FIXES.CI_NOT_DETECTED,
      },
    ];
  }
  const findings: Finding[] = [];
  const runner = (claims?.runner_environment as string | undefined) ?? ci.runnerEnvironment;
  if (runner === 'self-hosted') {
    findings.push({
      code: 'PROVENANCE_SELF_HOSTED_RUNNER',
      severity: willSign ? 'error' : 'warning',
      message: `This job runs on a self-hosted runner (runner_environment "self-hosted"). npmjs supports trusted publishing only on cloud-hosted runners${willSign ? ' and refuses provenance made on self-hosted ones' : ''}.`,
      hint: selfHostedHint(ci.provider === 'gitlab', willSign),
      details: { runner_environment: runner },
    });
  }
  const workflowRef = claims?.workflow_ref;
  const jobWorkflowRef = claims?.job_workflow_ref;
  if (
    typeof workflowRef === 'string' &&
    typeof jobWorkflowRef === 'string' &&
    workflowRef !== jobWorkflowRef
  ) {
    findings.push({
      code: 'EXCHANGE_NO_TRUSTED_PUBLISHER',
      severity: 'warning',
      message: `The publish runs inside a reusable workflow: job_workflow_ref is "${jobWorkflowRef}" but the calling workflow (workflow_ref) is "${workflowRef}". npmjs matches the trusted publisher against the calling workflow.`,
      hint: FIXES.EXCHANGE_NO_TRUSTED_PUBLISHER.reusableWorkflow({
        callerFile: workflowFile(workflowRef),
        jobFile: workflowFile(jobWorkflowRef),
      }),
      details: { workflow_ref: workflowRef, job_workflow_ref: jobWorkflowRef },
    });
  }
  return findings;
}

/**
 * A write token configured for the publish registry. trustpub never uses it (unless named with
 * `--fallback-token-env`), but npm and other tools silently fall back to it when the exchange fails, and
 * it is a long-lived secret the release no longer needs. The value is never printed.
 */
export function diagnoseWriteTokens(
  registries: readonly string[],
  config: NpmConfig,
  fallbackTokenEnv: string | undefined,
  ctx: CoreContext,
): Finding[] {
  const findings: Finding[] = [];
  for (const name of ['NPM_TOKEN', 'NODE_AUTH_TOKEN']) {
    const value = ctx.env[name];
    if (!value || name === fallbackTokenEnv) continue;
    ctx.secrets.add(value);
    const placeholder = value === SETUP_NODE_PLACEHOLDER;
    findings.push({
      code: 'CONFIG_WRITE_TOKEN_MASKS_OIDC',
      severity: 'warning',
      message: placeholder
        ? `${name} holds the placeholder actions/setup-node writes ("XXXXX-..."); npm would send it when a token exchange fails and report a misleading 404 or "Access token expired or revoked".`
        : `${name} is set. trustpub ignores it, but npm and other tools fall back to it silently whenever the token exchange fails, which hides trusted-publisher mismatches.`,
      hint: placeholder
        ? FIXES.CONFIG_WRITE_TOKEN_MASKS_OIDC.setupNodePlaceholder
        : FIXES.CONFIG_WRITE_TOKEN_MASKS_OIDC.variable({ variable: name }),
      details: { variable: name },
    });
  }
  for (const registry of new Set(registries)) {
    let token: string | undefined;
    try {
      token = authTokenFor(registry, config);
    } catch {
      continue; // a `${VAR}` whose variable is unset gives npm no usable token either
    }
    if (!token) continue;
    ctx.secrets.add(token);
    const source = [...config.entries.values()].find((e) => e.value === token)?.source;
    const variable = source ? referencedVariable(source, token, ctx) : undefined;
    // `${VAR}` of a variable other than the write-token names is the read-only install path (install-auth).
    if (
      variable &&
      variable !== 'NODE_AUTH_TOKEN' &&
      variable !== 'NPM_TOKEN' &&
      variable !== fallbackTokenEnv
    ) {
      ctx.logger.debug(
        `${source} gives ${registry} a token from \${${variable}}; treated as a read-only install token`,
      );
      continue;
    }
    if (
      variable &&
      ctx.env[variable] === token &&
      (variable === 'NODE_AUTH_TOKEN' || variable === 'NPM_TOKEN')
    )
      continue; // reported above
    findings.push({
      code: 'CONFIG_WRITE_TOKEN_MASKS_OIDC',
      severity: 'warning',
      message: `An .npmrc configures an _authToken for ${registry}${token === SETUP_NODE_PLACEHOLDER ? ' (the actions/setup-node placeholder)' : ''}. trustpub does not publish with it, but npm would fall back to it silently when the exchange fails.`,
      hint: FIXES.CONFIG_WRITE_TOKEN_MASKS_OIDC.npmrc({ key: authKeyFor(registry) }),
      details: { registry },
    });
  }
  return findings;
}

/** The `${VAR}` an .npmrc line uses for this token, read from the file itself (npm expands it on load). */
function referencedVariable(file: string, token: string, ctx: CoreContext): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    const m = /_authToken\s*=\s*"?\$\{([A-Za-z_][A-Za-z0-9_]*)\??\}"?\s*$/.exec(line);
    if (m && ctx.env[m[1] as string] === token) return m[1];
  }
  return undefined;
}

/** A self-hosted runner: with provenance, turning it off is the other way out. */
function selfHostedHint(gitlab: boolean, willSign: boolean): string {
  const fix = FIXES.PROVENANCE_SELF_HOSTED_RUNNER;
  if (!willSign) return gitlab ? fix.gitlabRunner : fix.githubRunner;
  return (gitlab ? fix.gitlab : fix.github)({ turnOff: '--no-provenance' });
}
