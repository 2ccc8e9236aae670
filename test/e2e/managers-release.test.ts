// Releases of a pnpm and a yarn workspace (test/fixtures/managers/) through the faces users run in
// those repositories, changeset-oidc publish and @trustpub/semantic-release, against the sandbox: every
// published tarball must hold what the real `pnpm pack` / `yarn pack` makes of the same package
// (compared as in parity-managers.test.ts), and the lifecycle scripts must be the manager's; with
// scripts ignored (CLI flag, changesets flag, plugin option) none may run.
import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  changesetOidc,
  changesetsConfig,
  seedAndTrust as seedForChangesets,
} from './changesets-harness.js';
import {
  assertSamePack,
  copyManagerFixture,
  fixturePackages,
  REAL_MANAGERS,
  realPack,
  type RealManager,
} from './managers-support.js';
import { releaseWith, seedAndTrust as seedForSemanticRelease } from './semantic-release-harness.js';
import { baseEnv, runTrustpub } from './cli-harness.js';
import { readTar } from './parity-support.js';
import { commitAll, git, type Repo } from './support/git.js';
import { useSandbox } from './support/sandbox.js';

const REPO_SLUG = 'acme/widgets';
const sandbox = useSandbox();

/** pnpm 10 (the version most pnpm repositories pin today) and yarn 4. */
const MANAGERS = REAL_MANAGERS.filter((m) => m.label === 'pnpm 10' || m.label === 'yarn 4');

/** A private repository: no provenance, so the fixtures need no `repository` field. */
const jobEnv = () =>
  sandbox.ciEnv('github', { repo: REPO_SLUG, workflow: 'release.yml', visibility: 'private' });

/**
 * The fixture workspace as a git repository with a bare `origin`, each package renamed into `scope`
 * (every test publishes its own names) and `bare` at a release version (its fixture version is a
 * prerelease, which would need a dist-tag).
 */
async function fixtureRepo(real: RealManager, scope: string): Promise<Repo & { names: string[] }> {
  const from = `@pm-${real.manager}/`;
  const dir = await copyManagerFixture(real, `managers/${real.manager}`, (file, text) => {
    const renamed = text.replaceAll(from, `${scope}/`);
    return file === 'packages/bare/package.json'
      ? renamed.replace('"2.0.0-rc.1"', '"2.0.0"')
      : renamed;
  });
  const names: string[] = [];
  for (const pkg of await fixturePackages(`managers/${real.manager}`)) {
    const file = path.join(dir, 'packages', pkg, 'package.json');
    names.push((JSON.parse(await readFile(file, 'utf8')) as { name: string }).name);
  }
  const remote = path.join(await mkdtemp(path.join(path.dirname(dir), 'remote-')), 'origin.git');
  await git(path.dirname(remote), 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  await git(dir, 'config', 'user.email', 'ci@example.com');
  await git(dir, 'config', 'user.name', 'CI');
  await git(dir, 'remote', 'add', 'origin', remote);
  await writeFile(path.join(dir, '.gitignore'), 'node_modules\n.yarn\n*.tgz\n');
  await commitAll(dir, 'initial');
  await git(dir, 'push', '--quiet', '-u', 'origin', 'main');
  return { dir, remote, names };
}

/** Each package's published tarball for `version` (or its own version) next to the manager's pack of it. */
async function assertPublishedAsPacked(
  real: RealManager,
  root: string,
  names: string[],
  version?: string,
): Promise<void> {
  for (const pkg of await fixturePackages(`managers/${real.manager}`)) {
    const dir = path.join(root, 'packages', pkg);
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    assert.ok(names.includes(manifest.name));
    const res = await fetch(new URL(manifest.name.replace('/', '%2f'), sandbox.registry));
    assert.equal(res.status, 200, `packument of ${manifest.name}`);
    const doc = (await res.json()) as { versions: Record<string, { dist: { tarball: string } }> };
    const published = doc.versions[version ?? manifest.version];
    assert.ok(published, `${manifest.name}@${version ?? manifest.version} is published`);
    const tarball = Buffer.from(await (await fetch(published.dist.tarball)).arrayBuffer());
    await assertSamePack(real, await realPack(real, dir), tarball);
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

for (const real of MANAGERS) {
  test(`changeset-oidc publish in a ${real.label} workspace publishes what ${real.manager} pack makes`, async () => {
    const scope = `@cs-${real.manager}`;
    const repo = await fixtureRepo(real, scope);
    await mkdir(path.join(repo.dir, '.changeset'));
    await writeFile(
      path.join(repo.dir, '.changeset', 'config.json'),
      `${JSON.stringify(changesetsConfig({ access: 'public' }), null, 2)}\n`,
    );
    await commitAll(repo.dir, 'changesets config');
    await seedForChangesets(sandbox, repo.names, REPO_SLUG);
    const run = await changesetOidc(repo.dir, ['publish'], await jobEnv());
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    // yarn runs prepublish and never prepare; pnpm runs prepare (and has no prepublish here).
    const app = path.join(repo.dir, 'packages', 'app');
    assert.equal(await exists(path.join(app, 'prepared.txt')), real.manager === 'pnpm');
    assert.equal(await exists(path.join(app, 'prepublished.txt')), real.manager === 'yarn');
    await assertPublishedAsPacked(real, repo.dir, repo.names);
  });

  test(`@trustpub/semantic-release in a ${real.label} workspace publishes what ${real.manager} pack makes`, async () => {
    const scope = `@sr-${real.manager}`;
    const repo = await fixtureRepo(real, scope);
    for (const name of repo.names) await seedForSemanticRelease(sandbox, name, REPO_SLUG);
    await git(repo.dir, 'commit', '--quiet', '--allow-empty', '-m', 'feat: release');
    await git(repo.dir, 'push', '--quiet');
    const run = await releaseWith(repo, await jobEnv(), { workspaces: true });
    assert.equal(run.error, undefined, run.output);
    await assertPublishedAsPacked(real, repo.dir, repo.names, '1.0.0');
  });
}

/** Whether the tarball of `name@version` on the sandbox holds `file`. */
async function publishedHolds(name: string, version: string, file: string): Promise<boolean> {
  const res = await fetch(new URL(name.replace('/', '%2f'), sandbox.registry));
  const doc = (await res.json()) as { versions: Record<string, { dist: { tarball: string } }> };
  const published = doc.versions[version];
  assert.ok(published, `${name}@${version} is published`);
  const data = Buffer.from(await (await fetch(published.dist.tarball)).arrayBuffer());
  return (await readTar(data)).has(file);
}

// The app's prepack writes dist/generated.js (packed through `files`), its prepare prepared.txt and
// (yarn fixture) its prepublish prepublished.txt: with scripts ignored, none of them may exist.
const pnpm = REAL_MANAGERS.find((m) => m.label === 'pnpm 10')!;
const yarn = REAL_MANAGERS.find((m) => m.label === 'yarn 4')!;

test('trustpub publish --ignore-scripts runs no lifecycle script', async () => {
  const repo = await fixtureRepo(pnpm, '@ig-cli');
  await seedForChangesets(sandbox, repo.names, REPO_SLUG);
  const env = { ...baseEnv(), ...(await jobEnv()) };
  const run = await runTrustpub(['publish', '--workspaces', '--ignore-scripts'], {
    cwd: repo.dir,
    env,
  });
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const app = path.join(repo.dir, 'packages', 'app');
  assert.equal(await exists(path.join(app, 'prepared.txt')), false);
  assert.equal(await publishedHolds('@ig-cli/app', '1.2.0', 'dist/generated.js'), false);
});

test('changeset-oidc publish --ignore-scripts runs no lifecycle script', async () => {
  const repo = await fixtureRepo(yarn, '@ig-cs');
  await mkdir(path.join(repo.dir, '.changeset'));
  await writeFile(
    path.join(repo.dir, '.changeset', 'config.json'),
    `${JSON.stringify(changesetsConfig({ access: 'public' }), null, 2)}\n`,
  );
  await commitAll(repo.dir, 'changesets config');
  await seedForChangesets(sandbox, repo.names, REPO_SLUG);
  const run = await changesetOidc(repo.dir, ['publish', '--ignore-scripts'], await jobEnv());
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const app = path.join(repo.dir, 'packages', 'app');
  assert.equal(await exists(path.join(app, 'prepublished.txt')), false);
  assert.equal(await publishedHolds('@ig-cs/app', '1.2.0', 'dist/generated.js'), false);
});

test('@trustpub/semantic-release with ignoreScripts runs no lifecycle script', async () => {
  const repo = await fixtureRepo(pnpm, '@ig-sr');
  for (const name of repo.names) await seedForSemanticRelease(sandbox, name, REPO_SLUG);
  await git(repo.dir, 'commit', '--quiet', '--allow-empty', '-m', 'feat: release');
  await git(repo.dir, 'push', '--quiet');
  const run = await releaseWith(repo, await jobEnv(), { workspaces: true, ignoreScripts: true });
  assert.equal(run.error, undefined, run.output);
  const app = path.join(repo.dir, 'packages', 'app');
  assert.equal(await exists(path.join(app, 'prepared.txt')), false);
  assert.equal(await publishedHolds('@ig-sr/app', '1.0.0', 'dist/generated.js'), false);
});
