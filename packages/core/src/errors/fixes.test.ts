import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ERROR_CATALOGUE } from './catalogue/index.js';
import { fixText } from './catalogue/fix-text.js';
import { ERROR_CODES } from './errors.js';
import { FIXES } from './fixes/index.js';
import { scanHintSources } from './hint-scan.test.helper.js';

// Each code's fix is written once, in fixes/: the thrown hint and the catalogue's "Fix" both come from
// there. These fail when a fix is written anywhere else.
const root = new URL('../../../../', import.meta.url);

test('every error code has its fix in FIXES', () => {
  // Also checked by the compiler (`satisfies Record<TrustpubErrorCode, Fix>`); this catches a cast.
  const missing = ERROR_CODES.filter((code) => !(code in FIXES));
  assert.deepEqual(missing, [], 'write these fixes in packages/core/src/errors/fixes/');
});

/** The codes whose catalogue entry writes a fix (or fixBuiltBy) of its own. */
async function writtenFixes(): Promise<string[]> {
  const dir = new URL('packages/core/src/errors/catalogue/', root);
  // Every file of entries (index.ts puts the derived fix in; entry.ts and fix-text.ts are the machinery).
  const files = (await readdir(dir)).filter(
    (f) =>
      f.endsWith('.ts') &&
      !f.endsWith('.test.ts') &&
      !['index.ts', 'entry.ts', 'fix-text.ts'].includes(f),
  );
  assert.ok(files.length >= 5, `catalogue files: ${files.join(', ')}`);
  const written: string[] = [];
  for (const name of files) {
    const text = await readFile(new URL(name, dir), 'utf8');
    // Split into entries at each `  CODE: {` so a finding names its code.
    for (const entry of text.split(/\n(?= {2}[A-Z_]+: \{)/)) {
      const code = /^ {2}([A-Z_]+): \{/.exec(entry)?.[1] ?? `${name} (outside an entry)`;
      if (/\bfix(BuiltBy)?\s*:/.test(entry)) written.push(code);
    }
  }
  return written;
}

test('no catalogue file writes a fix of its own', async () => {
  const written = await writtenFixes();
  assert.deepEqual(written, [], 'the catalogue derives "fix" from FIXES: delete the written one');
});

test('every hint in the sources comes from FIXES (or passes on another error hint)', async () => {
  const problems = await scanHintSources(root.pathname);
  assert.deepEqual(
    problems.map((p) => `${p.code} ${p.where} ${p.text}`),
    [],
    'write the advice in packages/core/src/errors/fixes/ and take the hint from FIXES',
  );
});

test('the catalogue shows a built fix with <field> placeholders and each variant by name', () => {
  const built = (c: { name: string; files: readonly string[] }) =>
    `Rename ${c.name}; remove ${c.files.join(', ')} from \`npm pack ${c.name}\`.`;
  // Outside code spans a placeholder is escaped (Markdown would take <name> for an HTML tag).
  assert.equal(fixText(built), 'Rename \\<name>; remove \\<files> from `npm pack <name>`.');
  assert.equal(
    fixText({ one: 'Do this.', other: (c: { dir: string }) => `Go to ${c.dir}.` }),
    '**one**: Do this. **other**: Go to \\<dir>.',
  );
  // And the catalogue is made that way from FIXES, not written: a built fix shows its fields.
  assert.match(ERROR_CATALOGUE.TOKEN_TRANSPORT_INSECURE.fix, /^Use https \(\\<httpsUrl>\)/);
  assert.match(
    ERROR_CATALOGUE.CONFIG_PRIVATE_PACKAGE.fix,
    /\*\*workspaceRoot\*\*: Pass --workspaces/,
  );
});
