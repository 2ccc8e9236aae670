import { FIXES } from '../errors/index.js';
import {
  entriesOf,
  itemsOf,
  NPM_UPGRADE,
  PUBLISH_COMMAND,
  TOKEN_VARIABLES,
  type WorkflowFinding,
  type YamlFile,
} from './workflow-yaml.js';

/** Actions that publish to npm on the workflow's behalf. */
const PUBLISH_ACTION =
  /^(?:changesets\/action|cycjimmy\/semantic-release-action|JS-DevTools\/npm-publish)@/i;

/** A job of a GitHub workflow that publishes, as the trusted-publisher comparison needs it. */
export interface GithubPublishJob {
  file: string;
  job: string;
  line: number;
  environment: string | undefined;
}

/**
 * Lints one `.github/workflows/*.yml` file: for each job that publishes, `id-token: write` (job
 * permissions replace the workflow's), cloud-hosted runners, no setup-node `registry-url`, no npm write
 * token in its environment, no `npm install -g npm` step. Returns the findings and the publishing jobs.
 */
export function lintGithubWorkflow(y: YamlFile): {
  findings: WorkflowFinding[];
  jobs: GithubPublishJob[];
} {
  const findings: WorkflowFinding[] = [];
  const jobs: GithubPublishJob[] = [];
  const at = (node: unknown, job: string, f: Omit<WorkflowFinding, 'file' | 'line' | 'job'>) =>
    findings.push({ file: y.file, line: y.lineOf(node), job, ...f });
  const workflowPermissions = y.get(y.root, 'permissions');
  const workflowEnv = y.get(y.root, 'env');
  for (const [name, job, jobLine] of entriesOf(y, y.get(y.root, 'jobs'))) {
    const steps = itemsOf(y, y.get(job, 'steps'));
    const publishes = steps.some((s) => publishingStep(y, s));
    if (!publishes) continue;
    const environment = environmentOf(y.value(y.get(job, 'environment')));
    jobs.push({ file: y.file, job: name, line: jobLine, environment });

    const jobPermissions = y.get(job, 'permissions');
    const permissions = jobPermissions ?? workflowPermissions;
    if (!grantsIdToken(y.value(permissions))) {
      at(permissions ?? job, name, {
        rule: 'id-token',
        severity: 'error',
        message: `The publishing job "${name}" cannot get an ID token: ${jobPermissions ? 'its' : workflowPermissions ? "the workflow's" : 'no'} \`permissions\` ${permissions ? 'do not include' : 'grant'} \`id-token: write\`${jobPermissions && workflowPermissions ? " (a job's permissions replace the workflow's)" : ''}.`,
        hint: FIXES.WORKFLOW_ID_TOKEN.github({ job: name }),
      });
    }
    const runsOn = y.get(job, 'runs-on');
    if (selfHosted(y.value(runsOn))) {
      at(runsOn, name, {
        rule: 'self-hosted-runner',
        severity: 'error',
        message: `The publishing job "${name}" runs on a self-hosted runner; npm's trusted publishing accepts only GitHub-hosted runners (the exchange is refused, and provenance too).`,
        hint: FIXES.WORKFLOW_SELF_HOSTED_RUNNER.github,
      });
    }
    for (const env of [workflowEnv, y.get(job, 'env')]) tokenVariables(y, env, name, at);
    for (const step of steps) {
      tokenVariables(y, y.get(step, 'env'), name, at);
      const uses = y.value(y.get(step, 'uses'));
      const registryUrl = y.get(y.get(step, 'with'), 'registry-url');
      if (typeof uses === 'string' && /^actions\/setup-node@/i.test(uses) && registryUrl) {
        at(registryUrl, name, {
          rule: 'registry-url',
          severity: 'warning',
          message: `actions/setup-node's \`registry-url\` in job "${name}" writes an .npmrc with \`_authToken=\${NODE_AUTH_TOKEN}\` and sets a placeholder token; npm falls back to it when the exchange fails and reports a misleading error.`,
          hint: FIXES.WORKFLOW_REGISTRY_URL,
        });
      }
      const run = y.get(step, 'run');
      const text = y.value(run);
      if (typeof text === 'string' && NPM_UPGRADE.test(text)) {
        at(run, name, {
          rule: 'npm-upgrade',
          severity: 'warning',
          message: `Job "${name}" upgrades npm (\`${NPM_UPGRADE.exec(text)?.[0].trim()}\`) only to get trusted publishing; trustpub does the exchange itself and needs no particular npm.`,
          hint: FIXES.WORKFLOW_NPM_UPGRADE,
        });
      }
    }
  }
  return { findings, jobs };
}

function publishingStep(y: YamlFile, step: unknown): boolean {
  const run = y.value(y.get(step, 'run'));
  const uses = y.value(y.get(step, 'uses'));
  return (
    (typeof run === 'string' && PUBLISH_COMMAND.test(run)) ||
    (typeof uses === 'string' && PUBLISH_ACTION.test(uses))
  );
}

/** `write-all`, or a map with `id-token: write`. */
function grantsIdToken(permissions: unknown): boolean {
  if (permissions === 'write-all') return true;
  return (
    typeof permissions === 'object' &&
    permissions !== null &&
    (permissions as Record<string, unknown>)['id-token'] === 'write'
  );
}

/** `runs-on: self-hosted`, `[self-hosted, linux]`, or `{ labels: [self-hosted] }`; a runner group is self-hosted too. */
function selfHosted(runsOn: unknown): boolean {
  if (typeof runsOn === 'string') return runsOn.trim() === 'self-hosted';
  if (Array.isArray(runsOn)) return runsOn.some((l) => l === 'self-hosted');
  if (typeof runsOn === 'object' && runsOn !== null) {
    const { labels } = runsOn as { labels?: unknown };
    return selfHosted(labels) || (typeof labels === 'string' && labels === 'self-hosted');
  }
  return false;
}

function environmentOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const name = (value as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

function tokenVariables(
  y: YamlFile,
  env: unknown,
  job: string,
  at: (node: unknown, job: string, f: Omit<WorkflowFinding, 'file' | 'line' | 'job'>) => void,
): void {
  for (const [key, value] of entriesOf(y, env)) {
    if (!TOKEN_VARIABLES.test(key)) continue;
    const text = y.value(value);
    at(value, job, {
      rule: 'token-masks-oidc',
      severity: 'warning',
      message: `${key} is set for the publishing job "${job}"${typeof text === 'string' && /secrets\./.test(text) ? ' from a repository secret' : ''}: a long-lived write token next to trusted publishing. npm falls back to it silently when the exchange fails, which hides trusted-publisher mismatches, and the token stays a leak risk.`,
      hint: FIXES.WORKFLOW_WRITE_TOKEN.github({ variable: key }),
    });
  }
}
