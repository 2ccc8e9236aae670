// Parity step A: trustpub's packPackage against the real `npm pack` (npm 11.21.2) on the fixture corpus.
// Same file list, same modes, same bytes, same tar headers; for workspace:/catalog: packages the
// package.json equals npm's with exactly the expected ranges replaced (npm leaves them literal).
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { createContext, packPackage } from '@trustpub/core';
import {
  applyReplacements,
  CASES,
  caseTitle,
  copyCase,
  copyFixture,
  npmPack,
  readTar,
  runNpm,
} from './parity-support.js';

const ctx = () => createContext({ env: process.env });

for (const c of CASES) {
  test(`pack parity: ${caseTitle(c)}`, async () => {
    // Separate copies: lifecycle scripts change the directories they run in.
    const npmDir = await copyCase(c);
    const ourDir = await copyCase(c);
    if (c.npmBefore) {
      const run = await runNpm(['run', c.npmBefore], npmDir);
      assert.equal(run.code, 0, run.stderr);
    }
    const npmTarball = await readFile(await npmPack(npmDir, c.npmPackDir ?? '.'));
    const ours = await packPackage(ourDir, { purpose: 'pack' }, ctx());

    const theirs = await readTar(npmTarball);
    const mine = await readTar(ours.tarball);
    assert.deepEqual([...mine.keys()].sort(), [...theirs.keys()].sort(), 'file list');
    assert.ok(theirs.size > 0);
    for (const [file, entry] of theirs) {
      const own = mine.get(file)!;
      assert.equal(own.mode.toString(8), entry.mode.toString(8), `mode of ${file}`);
      assert.equal(own.header, entry.header, `tar header of ${file}`);
      if (file === 'package.json' && c.replaced) {
        assert.equal(
          own.content.toString(),
          applyReplacements(entry.content.toString(), c.replaced),
          'package.json with ranges replaced',
        );
      } else {
        assert.ok(own.content.equals(entry.content), `content of ${file}`);
      }
    }
    assert.deepEqual(
      ours.files.map((f) => f.path).sort(),
      [...theirs.keys()].sort(),
      'PackedPackage.files lists the tarball',
    );
    if (!c.replaced) {
      // Nothing replaced: the tarball is the same byte for byte (gzip level 9, same entry order).
      assert.ok(Buffer.from(ours.tarball).equals(npmTarball), 'identical tarball bytes');
    }
    for (const [field, deps] of Object.entries(c.replaced ?? {})) {
      for (const [dep, [, to]] of Object.entries(deps)) {
        assert.equal(
          (ours.manifest[field] as Record<string, string>)[dep],
          to,
          `manifest ${field}.${dep}`,
        );
      }
    }
  });
}

test('pack parity: lifecycle scripts ran in both copies the same way', async () => {
  const npmDir = await copyFixture('lifecycle');
  const ourDir = await copyFixture('lifecycle');
  await npmPack(npmDir);
  await packPackage(ourDir, { purpose: 'pack' }, ctx());
  for (const dir of [npmDir, ourDir]) {
    await access(path.join(dir, 'prepared.txt')); // prepare ran
    await assert.rejects(access(path.join(dir, 'generated.js'))); // postpack removed what prepack made
  }
});
