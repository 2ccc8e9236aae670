import { SandboxError } from './sandbox-error.js';
import type {
  CiJobOptions,
  CiProvider,
  CircleciJobOptions,
  GithubJobOptions,
  GitlabJobOptions,
} from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function need(ok: boolean, message: string, hint: string): void {
  if (!ok) throw new SandboxError(message, hint);
}

/** Refuses job descriptions a real CI could not produce, with the setting to change. */
export function checkJobOptions(provider: CiProvider, opts: CiJobOptions): void {
  if (provider === 'github') {
    const o = opts as GithubJobOptions;
    need(
      typeof o.repo === 'string' && /^[^/\s]+\/[^/\s]+$/.test(o.repo),
      `GitHub repository "${String(o.repo)}" is not OWNER/REPO`,
      'Pass --repo like octo-org/octo-repo.',
    );
    need(
      typeof o.workflow === 'string' && /^[^/\\\s]+\.ya?ml$/.test(o.workflow),
      `Workflow "${String(o.workflow)}" is not a workflow file name`,
      'Pass --workflow as a bare file name ending in .yml or .yaml, e.g. release.yml.',
    );
    need(
      o.visibility === undefined || ['public', 'private', 'internal'].includes(o.visibility),
      `Visibility "${String(o.visibility)}" is unknown`,
      'Use --visibility public or private.',
    );
    need(
      o.runner === undefined || ['github-hosted', 'self-hosted'].includes(o.runner),
      `Runner "${String(o.runner)}" is unknown`,
      'Use --runner github-hosted or self-hosted.',
    );
    need(
      o.ref === undefined || o.ref.startsWith('refs/'),
      `Ref "${String(o.ref)}" is not a full git ref`,
      'Pass --ref like refs/heads/main or refs/tags/v1.0.0.',
    );
  } else if (provider === 'gitlab') {
    const o = opts as GitlabJobOptions;
    need(
      typeof o.project === 'string' && /^[^/\s]+(\/[^/\s]+)+$/.test(o.project),
      `GitLab project "${String(o.project)}" is not GROUP/PROJECT`,
      'Pass --project like my-group/my-project.',
    );
    need(
      o.file === undefined || /^[^/\\\s]+\.ya?ml$/.test(o.file),
      `CI file "${String(o.file)}" is not a file name`,
      'Pass --file as a bare file name, e.g. .gitlab-ci.yml.',
    );
  } else if (provider === 'circleci') {
    const o = opts as CircleciJobOptions;
    for (const [flag, v] of [
      ['--org-id', o.orgId],
      ['--project-id', o.projectId],
      ['--pipeline-definition-id', o.pipelineDefinitionId],
    ] as const) {
      need(
        typeof v === 'string' && UUID.test(v),
        `${flag} "${String(v)}" is not a UUID`,
        `Pass ${flag} as a UUID (from the CircleCI project settings).`,
      );
    }
    need(
      typeof o.vcsOrigin === 'string' && /^[^/:\s]+\/[^/\s]+\/[^/\s]+$/.test(o.vcsOrigin),
      `--vcs-origin "${String(o.vcsOrigin)}" is not provider/owner/repo`,
      'Pass --vcs-origin like github.com/owner/repo (no scheme).',
    );
  } else {
    throw new SandboxError(
      `CI provider "${String(provider)}" is unknown`,
      'Use github, gitlab or circleci.',
    );
  }
}
