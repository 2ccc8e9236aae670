import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ERROR_CATALOGUE, renderErrorCatalogue } from './catalogue/index.js';
import { ERROR_CODES } from './errors.js';

// Completeness is checked by the compiler (`satisfies Record<TrustpubErrorCode, ...>`); these check content.
test('every error code has a title, a cause, how to tell and a fix, and the catalogue has no stray codes', () => {
  for (const code of ERROR_CODES) {
    const entry = ERROR_CATALOGUE[code];
    assert.ok(entry, `no catalogue entry for ${code}`);
    for (const field of ['title', 'cause', 'howToTell', 'fix'] as const)
      assert.ok(
        typeof entry[field] === 'string' && entry[field].trim().length > 3,
        `${code}.${field} is empty`,
      );
    // Troubleshooting by code: what the user sees, not a placeholder.
    assert.ok(entry.howToTell.trim().length > 40, `${code}.howToTell says too little`);
  }
  const unknown = Object.keys(ERROR_CATALOGUE).filter(
    (code) => !(ERROR_CODES as readonly string[]).includes(code),
  );
  assert.deepEqual(unknown, [], 'catalogue entries for codes that do not exist');
  assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length, 'codes are unique');
});

test('docs/errors.md gives cause, how to tell and fix for every code', async () => {
  // Read from the file users see, not from a fresh rendering (which always has the labels).
  const text = await readFile(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  for (const code of ERROR_CODES) {
    const at = text.indexOf(`\n## ${code}\n`);
    assert.ok(at >= 0, `docs/errors.md has no section for ${code}`);
    const section = text.slice(at + 1).split('\n## ')[0] ?? '';
    for (const label of ['- Cause: ', '- How to tell: ', '- Fix: ']) {
      const line = section.split('\n').find((l) => l.startsWith(label));
      assert.ok(
        line && line.slice(label.length).trim().length > 3,
        `docs/errors.md: ${code} has no "${label.trim()}" text`,
      );
    }
  }
});

test('docs/errors.md is generated from the catalogue and up to date', async () => {
  const file = new URL('../../../../docs/errors.md', import.meta.url);
  const current = await readFile(file, 'utf8').catch(() => '(missing)');
  assert.equal(
    current,
    renderErrorCatalogue(ERROR_CODES),
    'docs/errors.md is out of date: run `node scripts/gen-errors-doc.mjs`',
  );
});
