// `trust sync --bootstrap` for a package that does not exist yet: a labelled placeholder published with
// the user's token under a non-latest tag, trust configured, and then a token-free publish of the real
// version from a simulated GitHub Actions job.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import {
  assertNoToken,
  assertOidcPublish,
  listTrust,
  REPO,
  syncArgs,
  trustpub,
  userEnv,
  withoutId,
  WORKFLOW,
  writeWorkspace,
} from './trust-support.js';
import { tempDir } from './support/temp.js';
import { useSandboxWithUser } from './support/sandbox.js';

const { sandbox, user } = useSandboxWithUser();

interface Packument {
  'dist-tags': Record<string, string>;
  versions: Record<string, { description?: string }>;
}

async function packument(name: string): Promise<{ status: number; body: Packument }> {
  const res = await request(`${sandbox.registry}${name.replace('/', '%2f')}`, {
    headers: { accept: 'application/json' },
  });
  return { status: res.statusCode, body: (await res.body.json()) as Packument };
}

test('a package not on the registry is reported; --bootstrap publishes a placeholder, configures trust, and CI then publishes token-free', async () => {
  const root = tempDir('trust-boot-');
  const [existing, fresh] = writeWorkspace(root, 'boot', 2) as [string, string];
  await sandbox.seed(existing);
  const args = syncArgs(sandbox.registry, '--environment', 'release', '--yes');
  const env = () => userEnv(user);

  const without = await trustpub(args, { cwd: root, env: env() });
  assert.equal(without.code, 1, 'a package that cannot be configured is not success');
  assert.match(
    without.stdout,
    /missing {4}@boot\/p02 {2}not on http:\/\/127\.0\.0\.1:\d+\/ \(a trusted publisher needs an existing package; --bootstrap publishes a placeholder\)/,
  );
  assert.equal((await packument(fresh)).status, 404, 'nothing published without --bootstrap');

  const boot = await trustpub([...args, '--bootstrap'], { cwd: root, env: env() });
  assert.equal(boot.code, 0, boot.stderr + boot.stdout);
  assert.match(
    boot.stdout,
    /bootstrap {2}@boot\/p02 {2}not on \S+: publish placeholder 0\.0\.0-trustpub\.bootstrap \(tag trustpub-bootstrap\), then create github acme\/mono release\.yml environment release \[publish\]/,
  );
  assert.match(
    boot.stdout,
    /@boot\/p02: placeholder 0\.0\.0-trustpub\.bootstrap published, trusted publisher created \(id /,
  );
  assertNoToken(boot, user);
  const placeholder = await packument(fresh);
  assert.equal(placeholder.status, 200);
  assert.equal(placeholder.body['dist-tags']['trustpub-bootstrap'], '0.0.0-trustpub.bootstrap');
  assert.match(
    placeholder.body.versions['0.0.0-trustpub.bootstrap']?.description ?? '',
    /^Placeholder published by `trustpub trust \.\.\. --bootstrap`/,
  );
  const configs = await listTrust(sandbox, user, fresh);
  assert.deepEqual(configs.map(withoutId), [
    {
      type: 'github',
      claims: { repository: REPO, workflow_ref: { file: WORKFLOW }, environment: 'release' },
      permissions: ['createPackage'],
    },
  ]);

  // A re-run has nothing left to do (the placeholder is not published twice).
  const again = await trustpub([...args, '--bootstrap'], { cwd: root, env: env() });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Everything is already configured\./);

  // The next release comes from CI, with no token at all.
  const dir = path.join(root, 'packages', 'p02');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      ...manifest,
      repository: {
        type: 'git',
        url: `git+https://github.com/${REPO}.git`,
        directory: 'packages/p02',
      },
    }),
  );
  const ci = await sandbox.ciEnv('github', {
    repo: REPO,
    workflow: WORKFLOW,
    environment: 'release',
  });
  await assertOidcPublish(sandbox.registry, dir, ci);
  const after = await packument(fresh);
  assert.equal(after.body['dist-tags'].latest, '1.0.0');
});
