// Staged publishing end to end against the sandbox: packages whose trusted publisher allows only staged
// publishing (set with `trustpub-sandbox trust ... --allow-stage-publish`) are refused a direct publish
// with npmjs's answer, are staged from a simulated CI job by the CLI and by changeset-oidc, are not
// installable while staged, are listed by `trustpub stage list`, become installable when approved with a
// one-time password (trustpub's command, or npm's own `npm stage approve`), and disappear when rejected.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  changesetOidc,
  changesetsConfig,
  createRepo as createChangesetsRepo,
  localTags,
  npmWorkspaceRoot,
  pkg,
  trustedJobEnv,
} from './changesets-harness.js';
import {
  baseEnv,
  packument,
  REPO,
  runTrustpub,
  tempDir,
  WORKFLOW,
  writeNpmWorkspace,
  githubJob,
} from './cli-harness.js';
import { runNpm } from './sandbox-npm-helper.js';
import { SANDBOX_BIN } from './support/paths.js';
import { runNode } from './support/processes.js';
import { useSandboxWithUser } from './support/sandbox.js';

const { sandbox, user } = useSandboxWithUser();

/** A stage-only trusted publisher, set the way a person would: the sandbox's own CLI. */
async function stageOnly(name: string, repo: string, file: string): Promise<void> {
  await sandbox.seed(name, '0.0.1', {
    repository: { type: 'git', url: `git+https://github.com/${repo}.git` },
  });
  const r = await runNode(
    SANDBOX_BIN,
    [
      'trust',
      name,
      'github',
      '--repo',
      repo,
      '--file',
      file,
      '--allow-stage-publish',
      '--dir',
      sandbox.dir,
    ],
    { cwd: tempDir('sbx-'), env: {} },
  );
  assert.equal(r.code, 0, r.stderr);
}

const versions = async (name: string): Promise<string[]> =>
  Object.keys((await packument(sandbox, name))?.versions ?? {}).sort();

/** `npm install NAME@VERSION` from the sandbox in a fresh folder: whether the version is installable. */
async function installable(spec: string): Promise<boolean> {
  const r = await runNpm(['install', spec, '--no-save'], {
    cwd: tempDir('consumer-'),
    registry: sandbox.registry,
  });
  return r.code === 0;
}

const maintainer = (extra: Record<string, string> = {}) => ({
  ...baseEnv(),
  npm_config_registry: sandbox.registry,
  NPM_TOKEN: user.token,
  ...extra,
});

test('CLI: direct publish refused for a stage-only publisher; --stage stages; list; approve with OTP; reject', async () => {
  const [a, b] = ['@acme/st-a', '@acme/st-b'];
  for (const n of [a, b]) await stageOnly(n, REPO, WORKFLOW);
  const root = tempDir('stage-cli-');
  writeNpmWorkspace(root, [{ name: a }, { name: b, dependencies: { [a]: '^1.0.0' } }]);
  const outputFile = path.join(root, 'github-output');
  const summaryFile = path.join(root, 'summary.md');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const job = async () => ({
    ...(await githubJob(sandbox, 'private')),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
  });

  const direct = await runTrustpub(['publish', '--workspaces'], { cwd: root, env: await job() });
  assert.equal(direct.code, 1, `${direct.stdout}\n${direct.stderr}`);
  assert.match(
    direct.stdout,
    /failed\s+@acme\/st-a@1\.0\.0\s+PUBLISH_PERMISSION_DENIED: .*OIDC permission denied for this action/,
  );
  assert.match(direct.stdout, /trustpub publish --stage/);
  assert.deepEqual(await versions(a), ['0.0.1']);

  const staged = await runTrustpub(['publish', '--workspaces', '--stage'], {
    cwd: root,
    env: await job(),
  });
  assert.equal(staged.code, 0, `${staged.stdout}\n${staged.stderr}`);
  const ids = [
    ...staged.stdout.matchAll(
      /staged\s+(@acme\/st-[ab])@1\.0\.0\s+tag latest\s+stage id ([0-9a-f-]{36})/g,
    ),
  ].map((m) => [m[1], m[2]] as const);
  assert.deepEqual(
    ids.map(([n]) => n),
    [a, b],
  );
  const idOf = new Map(ids);
  // The job's outputs and summary name every stage id and the approval command; a notice per package.
  const outputs = fs.readFileSync(outputFile, 'utf8');
  assert.match(outputs, /^staged=true$/m);
  // The last run's value (the refused run before it wrote `staged=false` and []).
  const lists = [...outputs.matchAll(/staged-packages<<(\S+)\n(.*)\n\1/g)].map((m) => m[2] ?? '[]');
  const list = JSON.parse(lists.at(-1) ?? '[]') as {
    name: string;
    stageId: string;
    approve: string;
  }[];
  assert.deepEqual(
    list.map((p) => [p.name, p.stageId, p.approve]),
    [a, b].map((n) => [n, idOf.get(n), `trustpub stage approve ${idOf.get(n)}`]),
  );
  const summary = fs.readFileSync(summaryFile, 'utf8');
  assert.match(summary, new RegExp(`trustpub stage approve ${idOf.get(a)} ${idOf.get(b)}`));
  assert.match(
    staged.stdout,
    /::notice title=staged @acme\/st-a@1\.0\.0::Not installable until a maintainer approves it/,
  );

  // Staged is not published: neither the packument nor an install sees it.
  assert.deepEqual(await versions(a), ['0.0.1']);
  assert.equal(await installable(`${a}@1.0.0`), false);

  const listed = await runTrustpub(['stage', 'list', a, '--json'], {
    cwd: root,
    env: maintainer(),
  });
  assert.equal(listed.code, 0, listed.stderr);
  const items = JSON.parse(listed.stdout) as { id: string; version: string; actor: string }[];
  assert.deepEqual(
    items.map((i) => [i.id, i.version, i.actor]),
    [[idOf.get(a), '1.0.0', 'GitHub Actions']],
  );

  // Approval needs 2FA: without a one-time password (and no terminal to ask in) nothing is published.
  const noOtp = await runTrustpub(['stage', 'approve', idOf.get(a) as string], {
    cwd: root,
    env: maintainer(),
  });
  assert.equal(noOtp.code, 1);
  assert.match(noOtp.stderr, /TRUST_OTP_REQUIRED/);
  assert.equal(await installable(`${a}@1.0.0`), false);

  const approved = await runTrustpub(['stage', 'approve', `${a}@1.0.0`, '--otp', user.otp()], {
    cwd: root,
    env: maintainer(),
  });
  assert.equal(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /Approved @acme\/st-a@1\.0\.0 .*: published/);
  assert.deepEqual(await versions(a), ['0.0.1', '1.0.0']);
  assert.equal(await installable(`${a}@1.0.0`), true);

  const rejected = await runTrustpub(['stage', 'reject', idOf.get(b) as string], {
    cwd: root,
    env: maintainer({ NPM_CONFIG_OTP: user.otp() }),
  });
  assert.equal(rejected.code, 0, rejected.stderr);
  const after = await runTrustpub(['stage', 'list'], { cwd: root, env: maintainer() });
  assert.match(after.stdout, /No staged packages found/);
  assert.deepEqual(await versions(b), ['0.0.1']);
  const view = await runTrustpub(['stage', 'view', idOf.get(b) as string], {
    cwd: root,
    env: maintainer(),
  });
  assert.equal(view.code, 1);
  assert.match(view.stderr, /STAGE_NOT_FOUND/);
});

test('changeset-oidc --stage: staged with the approval command, no git tag; npm stage approve makes it installable', async () => {
  const name = '@acme/cs-staged';
  await stageOnly(name, 'acme/widgets', 'release.yml');
  const repo = await createChangesetsRepo({
    ...npmWorkspaceRoot(),
    '.changeset/config.json': changesetsConfig(),
    'packages/a/package.json': pkg(name, '1.0.0'),
    'packages/a/index.js': 'module.exports = 1;\n',
  });
  const env = await trustedJobEnv(sandbox);
  const direct = await changesetOidc(repo.dir, ['publish'], env);
  assert.equal(direct.code, 1);
  assert.match(direct.stderr, /PUBLISH_PERMISSION_DENIED/);

  const run = await changesetOidc(repo.dir, ['publish', '--stage'], env);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const id = /@acme\/cs-staged@1\.0\.0 \(stage id ([0-9a-f-]{36})\)/.exec(run.stdout)?.[1];
  assert.ok(id, run.stdout);
  assert.match(run.stdout, new RegExp(`approve with: trustpub stage approve ${id}`));
  assert.deepEqual(await localTags(repo.dir), [], 'a staged version gets no git tag');
  assert.equal(await installable(`${name}@1.0.0`), false);

  // npm's own maintainer command approves what trustpub staged.
  const npmrc = `//${new URL(sandbox.registry).host}/:_authToken=\${SANDBOX_USER_TOKEN}\n`;
  const approve = await runNpm(['stage', 'approve', id], {
    cwd: tempDir('npm-approve-'),
    registry: sandbox.registry,
    npmrc,
    env: { SANDBOX_USER_TOKEN: user.token, NPM_CONFIG_OTP: user.otp() },
  });
  assert.equal(approve.code, 0, approve.stderr);
  assert.equal(await installable(`${name}@1.0.0`), true);
});
