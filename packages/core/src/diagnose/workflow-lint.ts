import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXES } from '../errors/index.js';
import { lintCircleciConfig } from './workflow-lint-circleci.js';
import { lintGithubWorkflow, type GithubPublishJob } from './workflow-lint-github.js';
import { lintGitlabCi, type GitlabPublishJob } from './workflow-lint-gitlab.js';
import { parseYamlFile, type WorkflowFinding, type YamlFile } from './workflow-yaml.js';

/** The trusted publisher a package has (or should have), as far as a workflow file can match it. */
export interface ExpectedPublisher {
  packageName: string;
  provider: 'github' | 'gitlab' | 'circleci';
  /** GitHub: the workflow file name (`release.yml`); GitLab: the CI file path (`.gitlab-ci.yml`). */
  file?: string;
  environment?: string;
}

export interface WorkflowLintOptions {
  /** The audience the registry accepts (`npm:registry.npmjs.org`). */
  audience?: string;
  expected?: readonly ExpectedPublisher[];
}

/**
 * Reads the repository's CI files (`.github/workflows/*.yml|yaml`, `.gitlab-ci.yml`,
 * `.circleci/config.yml`) and reports what would make trusted publishing fail or leak, each with its
 * file and line, before anything is pushed. Files that do not exist are no finding.
 */
export async function lintWorkflows(
  root: string,
  options: WorkflowLintOptions = {},
): Promise<WorkflowFinding[]> {
  const audience = options.audience ?? 'npm:registry.npmjs.org';
  const findings: WorkflowFinding[] = [];
  const githubJobs: GithubPublishJob[] = [];
  const gitlabJobs: GitlabPublishJob[] = [];
  let workflows: string[] = [];
  try {
    workflows = (await readdir(path.join(root, '.github', 'workflows')))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => `.github/workflows/${f}`);
  } catch {
    // no GitHub workflows
  }
  for (const file of workflows) {
    const y = await load(root, file, findings);
    if (!y) continue;
    const linted = lintGithubWorkflow(y);
    findings.push(...linted.findings);
    githubJobs.push(...linted.jobs);
  }
  const gitlab = await load(root, '.gitlab-ci.yml', findings);
  if (gitlab) {
    const linted = lintGitlabCi(gitlab, audience);
    findings.push(...linted.findings);
    gitlabJobs.push(...linted.jobs);
  }
  const circle = await load(root, '.circleci/config.yml', findings);
  if (circle) findings.push(...lintCircleciConfig(circle));
  findings.push(...compareWithTrust(options.expected ?? [], githubJobs, gitlabJobs));
  return findings;
}

async function load(
  root: string,
  file: string,
  findings: WorkflowFinding[],
): Promise<YamlFile | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = await parseYamlFile(file, text);
  if ('error' in parsed) {
    findings.push({
      rule: 'invalid-yaml',
      severity: 'error',
      file,
      line: parsed.line,
      message: `${file} is not valid YAML: ${parsed.error}`,
      hint: FIXES.WORKFLOW_INVALID_YAML,
    });
    return undefined;
  }
  return parsed;
}

/**
 * A package's trusted publisher names one workflow file (and maybe an environment); a publishing job
 * elsewhere, or in another environment, is refused at the exchange. Packages with the same expectation
 * are reported together.
 */
function compareWithTrust(
  expected: readonly ExpectedPublisher[],
  github: GithubPublishJob[],
  gitlab: GitlabPublishJob[],
): WorkflowFinding[] {
  const groups = new Map<string, { e: ExpectedPublisher; names: string[] }>();
  for (const e of expected) {
    if (e.provider === 'circleci' || !e.file) continue;
    const key = `${e.provider}\0${e.file}\0${e.environment ?? ''}`;
    const group = groups.get(key) ?? { e, names: [] };
    group.names.push(e.packageName);
    groups.set(key, group);
  }
  const findings: WorkflowFinding[] = [];
  for (const { e, names } of groups.values()) {
    const jobs = e.provider === 'github' ? github : gitlab;
    if (!jobs.length) continue;
    const file = e.file ?? '';
    const who =
      names.length > 3
        ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
        : names.join(', ');
    const inFile = jobs.filter((j) =>
      e.provider === 'github'
        ? path.posix.basename(j.file) === file
        : j.file === file.replace(/^\.\//, ''),
    );
    if (!inFile.length) {
      const job = jobs[0] as GithubPublishJob;
      findings.push({
        rule: 'trusted-publisher-file',
        severity: 'error',
        file: job.file,
        line: job.line,
        job: job.job,
        message: `The trusted publisher of ${who} names the ${e.provider === 'github' ? 'workflow' : 'CI file'} "${file}", but the publishing job "${job.job}" is in ${job.file}; the registry refuses its exchange.`,
        hint: FIXES.WORKFLOW_TRUSTED_PUBLISHER_MISMATCH.file({
          file: e.provider === 'github' ? `.github/workflows/${file}` : file,
          jobFile: e.provider === 'github' ? path.posix.basename(job.file) : job.file,
          provider: e.provider,
        }),
      });
      continue;
    }
    if (!e.environment) continue;
    for (const job of inFile) {
      if (job.environment === e.environment) continue;
      findings.push({
        rule: 'trusted-publisher-environment',
        severity: 'error',
        file: job.file,
        line: job.line,
        job: job.job,
        message: `The trusted publisher of ${who} requires the environment "${e.environment}", but job "${job.job}" ${job.environment ? `runs in "${job.environment}"` : 'names no environment'}; the registry refuses its exchange.`,
        hint: FIXES.WORKFLOW_TRUSTED_PUBLISHER_MISMATCH.environment({
          environment: e.environment,
          job: job.job,
        }),
      });
    }
  }
  return findings;
}
