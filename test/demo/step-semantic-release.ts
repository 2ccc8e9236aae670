// Step: the first release, from a simulated GitHub Actions job, with the real semantic-release and
// @trustpub/semantic-release in workspaces mode.
import {
  commitAndPush,
  releasedVersion,
  releaseWith,
  remoteTags,
} from '../e2e/semantic-release-harness.js';
import type { StepIo } from './demo-report.js';
import { need, recordRelease, type DemoState } from './demo-state.js';
import { GITHUB_WORKFLOW, PACKAGES, SLUG } from './example-monorepo.js';
import { published } from './trust-check.js';

/** Releases 1.0.0 of every package from the GitHub job and checks what the registry and the remote got. */
export async function semanticReleaseStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = need(state, 'sandbox');
  const repo = need(state, 'repo');
  await commitAndPush(repo.dir, 'feat: first public release of the acme demo');
  const job = await sandbox.ciEnv('github', { repo: SLUG, workflow: GITHUB_WORKFLOW });
  io.say(
    `A push to main starts the GitHub Actions workflow ${GITHUB_WORKFLOW} in ${SLUG}. Its job runs semantic-release 25 with ` +
      'commit-analyzer, release-notes-generator and @trustpub/semantic-release { workspaces: true }. The job has no npm token: ' +
      'the plugin asks GitHub for an OIDC ID token, exchanges it for a short-lived token for one package at a time, and signs ' +
      'Sigstore provenance. The "feat:" commit makes the release 1.0.0.',
  );
  const run = await releaseWith(repo, job, { workspaces: true });
  // Without the time stamp and logger prefix: `[3:14:42 AM] [semantic-release] [@trustpub/...] › ℹ  `.
  const lines = run.output.replace(
    /^\[[^\]]*\] \[semantic-release\] (?:(\[[^\]]+\]) )?› \S+\s+/gm,
    (_m, plugin?: string) => (plugin ? `${plugin} ` : ''),
  );
  io.quote(
    'semantic-release',
    lines,
    (l) =>
      /Trusted publishing verified|next release version|Wrote version|Created tag|\[\d+\/\d+\] published|Published release/.test(
        l,
      ),
    10,
  );
  io.check(run.error === undefined, `semantic-release failed: ${run.error?.message ?? ''}`);
  const version = releasedVersion(run);
  io.check(
    version === '1.0.0',
    `semantic-release released ${version ?? 'nothing'}, expected 1.0.0`,
  );
  const tags = await remoteTags(repo);
  io.check(tags.includes('v1.0.0'), `the remote has tags [${tags.join(', ')}], not v1.0.0`);
  for (const name of PACKAGES) {
    const doc = await published(sandbox, name);
    io.check(
      doc.tags.latest === '1.0.0',
      `${name}: latest is ${doc.tags.latest ?? 'unset'}, expected 1.0.0`,
    );
    io.check(
      doc.versions['1.0.0']?.dist.attestations,
      `${name}@1.0.0 has no provenance attestation`,
    );
    recordRelease(state, name, '1.0.0', 'github');
  }
  return '3 packages @1.0.0 with provenance, tag v1.0.0 pushed';
}
