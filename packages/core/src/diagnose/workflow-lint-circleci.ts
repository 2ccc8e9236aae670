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

/**
 * Lints `.circleci/config.yml`: CircleCI hands every job an OIDC token, so what can go wrong is a
 * self-hosted runner (a `resource_class` of the form `namespace/name`), npm write tokens in a job's
 * `environment`, and `npm install -g npm` steps.
 */
export function lintCircleciConfig(y: YamlFile): WorkflowFinding[] {
  const findings: WorkflowFinding[] = [];
  for (const [name, job] of entriesOf(y, y.get(y.root, 'jobs'))) {
    const runs = itemsOf(y, y.get(job, 'steps')).map((step) => {
      const run = y.get(step, 'run');
      const command = y.get(run, 'command') ?? run;
      const text = y.value(command);
      return { node: command, text: typeof text === 'string' ? text : '' };
    });
    if (!runs.some((r) => PUBLISH_COMMAND.test(r.text))) continue;
    const at = (node: unknown, f: Omit<WorkflowFinding, 'file' | 'line' | 'job'>) =>
      findings.push({ file: y.file, line: y.lineOf(node), job: name, ...f });
    const resourceClass = y.get(job, 'resource_class');
    const rc = y.value(resourceClass);
    if (typeof rc === 'string' && rc.includes('/')) {
      at(resourceClass, {
        rule: 'self-hosted-runner',
        severity: 'error',
        message: `The publishing job "${name}" runs on the self-hosted runner class ${rc}; npm's trusted publishing accepts only CircleCI's cloud runners.`,
        hint: FIXES.WORKFLOW_SELF_HOSTED_RUNNER.circleci,
      });
    }
    for (const [key, value] of entriesOf(y, y.get(job, 'environment'))) {
      if (!TOKEN_VARIABLES.test(key)) continue;
      at(value, {
        rule: 'token-masks-oidc',
        severity: 'warning',
        message: `${key} is set for the publishing job "${name}": a long-lived write token next to trusted publishing; npm falls back to it silently when the exchange fails.`,
        hint: FIXES.WORKFLOW_WRITE_TOKEN.circleci({ variable: key }),
      });
    }
    for (const r of runs) {
      if (NPM_UPGRADE.test(r.text)) {
        at(r.node, {
          rule: 'npm-upgrade',
          severity: 'warning',
          message: `Job "${name}" upgrades npm (\`${NPM_UPGRADE.exec(r.text)?.[0].trim()}\`) only to get trusted publishing; trustpub does the exchange itself.`,
          hint: FIXES.WORKFLOW_NPM_UPGRADE,
        });
      }
    }
  }
  return findings;
}
