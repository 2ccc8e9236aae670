// Step: the next release, from a simulated GitLab CI job: the real `changeset version`, then
// `changeset-oidc publish` (@trustpub/changesets) with the job's OIDC ID token.
import fs from 'node:fs';
import path from 'node:path';
import { commit, commitAndPush } from '../e2e/semantic-release-harness.js';
import { localTags } from '../e2e/changesets-harness.js';
import type { StepIo } from './demo-report.js';
import { need, recordRelease, type DemoState } from './demo-state.js';
import { changesetCli, changesetOidcCli, output } from './demo-tools.js';
import { CLI, CLIENT, CORE, GITLAB_FILE, SLUG } from './example-monorepo.js';
import { published } from './trust-check.js';

const versionOf = (dir: string, pkg: string): string =>
  (
    JSON.parse(fs.readFileSync(path.join(dir, 'packages', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/** Versions with changesets and publishes what is new from the GitLab job. */
export async function changesetsStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = need(state, 'sandbox');
  const repo = need(state, 'repo');
  io.say(
    `A changeset (.changeset/invoice-totals.md) says ${CORE} gets a minor change and ${CLIENT} and ${CLI} patches that use it. ` +
      'The real `changeset version` (changesets 3) turns it into versions and updates the internal dependency ranges:',
  );
  fs.writeFileSync(
    path.join(repo.dir, '.changeset', 'invoice-totals.md'),
    `---\n"${CORE}": minor\n"${CLIENT}": patch\n"${CLI}": patch\n---\n\nInvoice totals include taxes.\n`,
  );
  await commit(repo.dir, 'feat(core): invoice totals include taxes');
  await changesetCli(['version'], repo.dir);
  const versions = Object.fromEntries(
    ['core', 'client', 'cli'].map((p) => [`@acme-demo/${p}`, versionOf(repo.dir, p)]),
  );
  const deps = (pkg: string) =>
    JSON.stringify(
      (
        JSON.parse(
          fs.readFileSync(path.join(repo.dir, 'packages', pkg, 'package.json'), 'utf8'),
        ) as { dependencies: object }
      ).dependencies,
    );
  io.quote(
    'changeset version',
    [
      ...Object.entries(versions).map(([n, v]) => `${n} ${v}`),
      `${CLI} dependencies ${deps('cli')}`,
    ].join('\n'),
  );
  io.check(
    versions[CORE] === '1.1.0',
    `changeset version made ${CORE} ${versions[CORE]}, expected 1.1.0`,
  );
  io.check(
    versions[CLIENT] === '1.0.1' && versions[CLI] === '1.0.1',
    `changeset version made ${CLIENT} ${versions[CLIENT]} and ${CLI} ${versions[CLI]}, expected 1.0.1`,
  );
  await commitAndPush(repo.dir, 'Version Packages');
  const job = await sandbox.ciEnv('gitlab', { project: SLUG, file: GITLAB_FILE });
  io.say(
    `After the "Version Packages" commit, the GitLab pipeline (${GITLAB_FILE} in ${SLUG}) runs \`changeset-oidc publish\`. ` +
      "Its ID tokens come from the job's id_tokens (NPM_ID_TOKEN for the exchange, SIGSTORE_ID_TOKEN for provenance); there is " +
      'no npm token in the job. It publishes in dependency order and tags like `changeset publish`:',
  );
  const run = await changesetOidcCli(['publish'], repo.dir, job);
  io.quote(
    'changeset-oidc publish',
    output(run),
    (l) => /New tag|published|error|already|warn/i.test(l),
    10,
  );
  io.check(run.code === 0, `changeset-oidc publish exited ${run.code}`);
  const tags = await localTags(repo.dir);
  const changed = Object.entries(versions).filter(([, v]) => v !== '1.0.0');
  for (const [name, v] of changed) {
    const doc = await published(sandbox, name);
    io.check(
      doc.tags.latest === v,
      `${name}: latest is ${doc.tags.latest ?? 'unset'}, expected ${v}`,
    );
    io.check(doc.versions[v]?.dist.attestations, `${name}@${v} has no provenance attestation`);
    io.check(tags.includes(`${name}@${v}`), `no git tag ${name}@${v}`);
    recordRelease(state, name, v, 'gitlab');
  }
  return (
    changed.map(([n, v]) => `${n.replace('@acme-demo/', '')}@${v}`).join(', ') +
    ' with provenance (GitLab)'
  );
}
