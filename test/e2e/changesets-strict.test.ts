// changeset-oidc publish --strict: a version the registry already has with other contents than this
// build is an error that stops the release before any upload; without --strict it is a warning.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  changesetOidc,
  changesetsConfig,
  createRepo,
  npmWorkspaceRoot,
  packument,
  pkg,
  seedAndTrust,
  trustedJobEnv,
} from './changesets-harness.js';
import { useSandbox } from './support/sandbox.js';

const sandbox = useSandbox();

test('a version already published with other contents: --strict fails and publishes nothing, without it a warning', async () => {
  const changed = '@strict/changed';
  const fresh = '@strict/fresh';
  await seedAndTrust(sandbox, [changed, fresh]);
  // The registry's 1.0.0 is the seed's tarball; this repository's 1.0.0 packs other bytes.
  await sandbox.seed(changed, '1.0.0', {
    repository: { type: 'git', url: 'git+https://github.com/acme/widgets.git' },
  });
  const repo = await createRepo({
    ...npmWorkspaceRoot(),
    '.changeset/config.json': changesetsConfig({ access: 'public' }),
    'packages/changed/package.json': pkg(changed, '1.0.0'),
    'packages/changed/index.js': 'export const changed = "not what the registry has";\n',
    'packages/fresh/package.json': pkg(fresh, '1.0.0'),
    'packages/fresh/index.js': 'export const fresh = 1;\n',
  });
  const env = await trustedJobEnv(sandbox);

  const strict = await changesetOidc(repo.dir, ['publish', '--strict', '--no-git-tag'], env);
  const strictOut = `${strict.stdout}\n${strict.stderr}`;
  assert.equal(strict.code, 1, strictOut);
  assert.match(strictOut, new RegExp(`PUBLISH_VERSION_CONFLICT \\(${changed}\\)`));
  assert.match(strictOut, /Nothing was published \(--strict\)/);
  assert.equal((await packument(sandbox, fresh)).versions['1.0.0'], undefined, 'nothing uploaded');

  const loose = await changesetOidc(repo.dir, ['publish', '--no-git-tag'], env);
  const looseOut = `${loose.stdout}\n${loose.stderr}`;
  assert.equal(loose.code, 0, looseOut);
  assert.match(looseOut, new RegExp(`PUBLISH_VERSION_CONFLICT \\(${changed}\\)`));
  assert.match(looseOut, /--strict makes this an error/);
  assert.ok((await packument(sandbox, fresh)).versions['1.0.0'], 'the other package is published');
});
