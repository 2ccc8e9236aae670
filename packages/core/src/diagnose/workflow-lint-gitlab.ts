import { FIXES } from '../errors/index.js';
import {
  entriesOf,
  NPM_UPGRADE,
  PUBLISH_COMMAND,
  TOKEN_VARIABLES,
  type WorkflowFinding,
  type YamlFile,
} from './workflow-yaml.js';

/** Top-level keys of `.gitlab-ci.yml` that are not jobs. */
const GLOBAL_KEYS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
  'pages',
]);

export interface GitlabPublishJob {
  file: string;
  job: string;
  line: number;
  environment: string | undefined;
}

type At = (node: unknown, job: string, f: Omit<WorkflowFinding, 'file' | 'line' | 'job'>) => void;

/**
 * Lints `.gitlab-ci.yml`: each publishing job needs `id_tokens` with `NPM_ID_TOKEN` for the registry's
 * audience (`npm:registry.npmjs.org`), and `SIGSTORE_ID_TOKEN` (`sigstore`) for provenance; runner tags
 * that pick a self-managed runner, npm write tokens in its variables and `npm install -g npm` are reported.
 * `extends` and `default` are followed one level for `id_tokens`, `variables`, `environment` and `tags`.
 */
export function lintGitlabCi(
  y: YamlFile,
  audience: string,
): { findings: WorkflowFinding[]; jobs: GitlabPublishJob[] } {
  const findings: WorkflowFinding[] = [];
  const jobs: GitlabPublishJob[] = [];
  const at: At = (node, job, f) => findings.push({ file: y.file, line: y.lineOf(node), job, ...f });
  const all = new Map(entriesOf(y, y.root).map(([k, v, line]) => [k, { node: v, line }]));
  const defaults = all.get('default')?.node;
  const inherited = (job: unknown, key: string): unknown => {
    const own = y.get(job, key);
    if (own !== undefined) return own;
    const parents = y.value(y.get(job, 'extends'));
    for (const parent of (Array.isArray(parents) ? parents : [parents]).reverse()) {
      if (typeof parent !== 'string') continue;
      const found = y.get(all.get(parent)?.node, key);
      if (found !== undefined) return found;
    }
    return key === 'id_tokens' || key === 'tags' ? y.get(defaults, key) : undefined;
  };
  for (const [name, { node: job, line }] of all) {
    if (GLOBAL_KEYS.has(name) || name.startsWith('.')) continue;
    const scripts = ['before_script', 'script'].flatMap((k) => scriptLines(y, inherited(job, k)));
    if (!scripts.some(([text]) => PUBLISH_COMMAND.test(text))) continue;
    const environment = environmentOf(y.value(inherited(job, 'environment')));
    jobs.push({ file: y.file, job: name, line, environment });

    const idTokens = inherited(job, 'id_tokens');
    const tokens = entriesOf(y, idTokens).map(([variable, spec, keyLine]) => {
      const aud = y.value(y.get(spec, 'aud'));
      return { variable, keyLine, auds: Array.isArray(aud) ? aud.map(String) : [String(aud)] };
    });
    const npmToken = tokens.find((t) => t.variable === 'NPM_ID_TOKEN');
    const rightAud = tokens.find((t) => t.auds.includes(audience));
    if (!npmToken || !npmToken.auds.includes(audience)) {
      at(npmToken ? y.get(idTokens, 'NPM_ID_TOKEN') : (idTokens ?? job), name, {
        rule: 'id-token',
        severity: 'error',
        message: npmToken
          ? `Job "${name}" requests NPM_ID_TOKEN for the audience ${JSON.stringify(npmToken.auds.join(', '))}; the registry accepts only "${audience}".`
          : rightAud
            ? `Job "${name}" requests an ID token for "${audience}" as ${rightAud.variable}, but trustpub and npm read it from NPM_ID_TOKEN.`
            : `The publishing job "${name}" requests no ID token for the registry: \`id_tokens\` has no NPM_ID_TOKEN with \`aud: ${audience}\`.`,
        hint: FIXES.WORKFLOW_ID_TOKEN.gitlab({ job: name, audience }),
      });
    } else if (
      !tokens.some((t) => t.variable === 'SIGSTORE_ID_TOKEN' && t.auds.includes('sigstore'))
    ) {
      at(idTokens, name, {
        rule: 'id-token',
        severity: 'warning',
        message: `Job "${name}" requests no SIGSTORE_ID_TOKEN (aud "sigstore"), so its packages are published without provenance.`,
        hint: FIXES.WORKFLOW_ID_TOKEN.gitlabSigstore,
      });
    }
    const tags = inherited(job, 'tags');
    const labels = y.value(tags);
    const selfManaged = (Array.isArray(labels) ? labels : []).filter(
      (t) => typeof t === 'string' && !/^saas-/.test(t),
    );
    if (selfManaged.length) {
      at(tags, name, {
        rule: 'self-hosted-runner',
        severity: 'warning',
        message: `The publishing job "${name}" selects runners by the tag(s) ${selfManaged.join(', ')}, which are not GitLab.com hosted-runner tags (saas-...); npm's trusted publishing accepts only GitLab.com's hosted runners.`,
        hint: FIXES.WORKFLOW_SELF_HOSTED_RUNNER.gitlab,
      });
    }
    for (const variables of [y.get(y.root, 'variables'), inherited(job, 'variables')]) {
      for (const [key, value] of entriesOf(y, variables)) {
        if (!TOKEN_VARIABLES.test(key)) continue;
        at(value, name, {
          rule: 'token-masks-oidc',
          severity: 'warning',
          message: `${key} is set for the publishing job "${name}": a long-lived write token next to trusted publishing; npm falls back to it silently when the exchange fails.`,
          hint: FIXES.WORKFLOW_WRITE_TOKEN.gitlab({ variable: key }),
        });
      }
    }
    for (const [text, node] of scripts) {
      if (NPM_UPGRADE.test(text)) {
        at(node, name, {
          rule: 'npm-upgrade',
          severity: 'warning',
          message: `Job "${name}" upgrades npm (\`${NPM_UPGRADE.exec(text)?.[0].trim()}\`) only to get trusted publishing; trustpub does the exchange itself.`,
          hint: FIXES.WORKFLOW_NPM_UPGRADE,
        });
      }
    }
  }
  return { findings, jobs };
}

/** Every script line (nested lists flattened) with its node, for line numbers. */
function scriptLines(y: YamlFile, node: unknown): [string, unknown][] {
  const value = y.value(node);
  if (typeof value === 'string') return [[value, node]];
  const out: [string, unknown][] = [];
  const walk = (n: unknown): void => {
    const v = y.value(n);
    if (typeof v === 'string') out.push([v, n]);
    else if (Array.isArray(v)) for (const item of (n as { items: unknown[] }).items) walk(item);
  };
  walk(node);
  return out;
}

function environmentOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const name = (value as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}
