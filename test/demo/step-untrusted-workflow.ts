// Step: a failure on purpose. A GitHub workflow nobody trusted (nightly.yml) tries to publish nightly
// builds; the registry refuses its exchange, trustpub publishes nothing and says which claim does not
// match and what would fix it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from '../e2e/support/git.js';
import { firstOf, type StepIo } from './demo-report.js';
import { need, type DemoState } from './demo-state.js';
import { trustpub } from './demo-tools.js';
import { GITHUB_WORKFLOW, PACKAGES, SLUG } from './example-monorepo.js';
import { published } from './trust-check.js';
import { tempDir } from '../e2e/support/temp.js';

export const UNTRUSTED_WORKFLOW = 'nightly.yml';
const NIGHTLY = '1.0.1-nightly.20261122';

/** A fresh checkout of main with every package at the nightly version, as the nightly job would make it. */
async function nightlyCheckout(remote: string): Promise<string> {
  const dir = path.join(tempDir('nightly-'), 'work');
  await git(os.tmpdir(), 'clone', '--quiet', remote, dir);
  for (const pkg of ['core', 'client', 'cli']) {
    const file = path.join(dir, 'packages', pkg, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, `${JSON.stringify({ ...manifest, version: NIGHTLY }, null, 2)}\n`);
  }
  return dir;
}

/** Runs `trustpub publish` in a job of nightly.yml; the step succeeds when it is refused with the right diagnosis. */
export async function untrustedWorkflowStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = need(state, 'sandbox');
  const repo = need(state, 'repo');
  const dir = await nightlyCheckout(repo.remote);
  const job = await sandbox.ciEnv('github', { repo: SLUG, workflow: UNTRUSTED_WORKFLOW });
  io.say(
    `Someone adds a workflow ${UNTRUSTED_WORKFLOW} that publishes nightly builds (${NIGHTLY}, dist-tag nightly) with ` +
      `\`trustpub publish --workspaces\`. The registry trusts only ${GITHUB_WORKFLOW}, so this job must not publish anything. ` +
      'trustpub checks every package before the first upload, including a real token exchange, and explains the refusal:',
  );
  const run = await trustpub(['publish', '--workspaces', '--tag', 'nightly'], dir, job);
  // The diagnosis (stderr) first, then the report (stdout); the GitHub annotations (`::error ...`) carry
  // the same text for the job's summary page and are left out.
  const text = `${run.stderr}\n${run.stdout}`;
  io.quote(
    'trustpub publish',
    text,
    firstOf(
      /^error\s+EXCHANGE_/,
      /^\s+workflow_ref: /,
      /^\s+A trusted publisher that matches this job/,
      /^\s+provider: /,
      /^\s+workflow file: /,
      /^\s+fix: /,
      /^Preflight found problems/,
      /^Not published: /,
    ),
    12,
  );
  io.check(run.code !== 0, 'trustpub publish succeeded from a workflow that is not trusted');
  io.check(text.includes(UNTRUSTED_WORKFLOW), `the diagnosis does not name ${UNTRUSTED_WORKFLOW}`);
  for (const name of PACKAGES) {
    const doc = await published(sandbox, name);
    io.check(
      !doc.versions[NIGHTLY],
      `${name}@${NIGHTLY} was published from the untrusted workflow`,
    );
  }
  return `refused before any upload (exit ${run.code}); the diagnosis names ${UNTRUSTED_WORKFLOW}`;
}
