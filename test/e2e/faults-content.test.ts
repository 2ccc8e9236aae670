// A version already on the registry whose contents changed here without a version bump: publish says
// so loudly (both integrities, "bump the version"), --strict makes it an error before any upload, and
// doctor reports it too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runTrustpub } from './cli-harness.js';
import { release, startFaultWorld, unmasked } from './support/fault-world.js';

test('changed contents under a published version: a warning, --strict an error, doctor too', async () => {
  const w = await startFaultWorld();
  try {
    const first = await release(w);
    assert.equal(first.run.code, 0, unmasked(first.run.stderr));
    fs.appendFileSync(path.join(w.root, 'packages', 'b', 'index.js'), '// changed\n');
    const puts = () => w.sandbox.requests().filter((r) => r.method === 'PUT').length;
    const before = puts();

    const warned = await runTrustpub(['publish', '--workspaces'], { cwd: w.root, env: w.env });
    assert.equal(warned.code, 0, unmasked(warned.stderr));
    assert.match(
      warned.stderr,
      /warning PUBLISH_VERSION_CONFLICT \[@fault\/b\]: @fault\/b@1\.0\.0 is already on .* contents differ \(registry: sha512-\S+, this build: sha512-\S+\)/,
    );
    assert.match(warned.stderr, /fix: Bump the version of @fault\/b/);
    assert.doesNotMatch(warned.stderr, /\[@fault\/a\]/);

    const strict = await runTrustpub(['publish', '--workspaces', '--strict'], {
      cwd: w.root,
      env: w.env,
    });
    assert.equal(strict.code, 3, unmasked(strict.stderr));
    assert.match(strict.stderr, /error {3}PUBLISH_VERSION_CONFLICT \[@fault\/b\]/);
    assert.match(strict.stderr, /Nothing was uploaded \(--strict\)/);

    const doctor = await runTrustpub(['doctor', '--workspaces'], { cwd: w.root, env: w.env });
    assert.match(doctor.stdout + doctor.stderr, /PUBLISH_VERSION_CONFLICT \[@fault\/b\]/);
    assert.doesNotMatch(doctor.stdout, /No problems found/);
    assert.equal(puts(), before, 'nothing was uploaded after the first release');
  } finally {
    await w.stop();
  }
});
