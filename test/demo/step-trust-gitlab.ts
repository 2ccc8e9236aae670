// Step: the project moves to GitLab. Its package.json files now name the GitLab repository, and
// `trustpub trust sync --replace` swaps every package's trusted publisher for the GitLab pipeline.
import fs from 'node:fs';
import path from 'node:path';
import { commitAndPush } from '../e2e/semantic-release-harness.js';
import type { StepIo } from './demo-report.js';
import { need, type DemoState } from './demo-state.js';
import { GITLAB_FILE, repository, SLUG } from './example-monorepo.js';
import { syncTrust } from './step-trust-github.js';
import { checkTrustedFor } from './trust-check.js';

function moveToGitlab(dir: string): void {
  const edit = (rel: string, change: (m: Record<string, unknown>) => void) => {
    const file = path.join(dir, rel);
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(manifest);
    fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  };
  edit('package.json', (m) => void (m.repository = repository('gitlab.com')));
  for (const pkg of ['core', 'client', 'cli'])
    edit(
      `packages/${pkg}/package.json`,
      (m) => void (m.repository = repository('gitlab.com', `packages/${pkg}`)),
    );
  fs.writeFileSync(
    path.join(dir, '.trustpub.json'),
    `${JSON.stringify({ provider: 'gitlab', file: GITLAB_FILE, allowPublish: true }, null, 2)}\n`,
  );
}

/** Points the repository at GitLab and replaces the GitHub trusted publishers with GitLab ones. */
export async function trustGitlabStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = need(state, 'sandbox');
  const repo = need(state, 'repo');
  const user = need(state, 'user');
  moveToGitlab(repo.dir);
  // The versions semantic-release wrote in its prepare step (1.0.0) are committed with the move, so
  // changesets starts from what is on the registry.
  await commitAndPush(repo.dir, 'chore: move to gitlab.com and release with changesets');
  io.say(
    `The team moves the repository to https://gitlab.com/${SLUG} and releases with changesets from now on. The package.json ` +
      `files now name the GitLab repository and .trustpub.json says provider gitlab, file ${GITLAB_FILE}. A package can have only ` +
      'one trusted publisher, so `trustpub trust sync --workspaces --replace` revokes each GitHub configuration and creates the ' +
      'GitLab one (without --replace it would only report the difference).',
  );
  await syncTrust(
    io,
    repo.dir,
    user,
    '--replace',
    /^\s*(replace|create|ok|different|missing)\s|replaced|created|configured|\d+ to create|^Trust plan/i,
  );
  await checkTrustedFor(
    io,
    sandbox,
    user,
    `gitlab ${SLUG} ${GITLAB_FILE}`,
    `GitLab ${SLUG} ${GITLAB_FILE}`,
  );
  return `3 trusted publishers replaced: GitLab ${SLUG} ${GITLAB_FILE}`;
}
