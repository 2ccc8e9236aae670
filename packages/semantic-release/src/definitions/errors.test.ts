import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES } from '@trustpub/core';
import { ERROR_CATALOGUE, fixText } from '@trustpub/core/error-catalogue';
import { CORE_CODE_MAP, releaseCodeFor } from './core-codes.js';
import { PLUGIN_ERRORS, PLUGIN_FIXES } from './errors.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('every core code has its own stable E code, and no two share one', () => {
  const unmapped = ERROR_CODES.filter((c) => !(c in CORE_CODE_MAP));
  assert.deepEqual(unmapped, [], 'name these in CORE_CODE_MAP (codes are API)');
  const all = [...ERROR_CODES.map(releaseCodeFor), ...Object.keys(PLUGIN_ERRORS)];
  assert.equal(new Set(all).size, all.length, 'E codes are unique');
  for (const code of all) assert.match(code, /^E[A-Z]+$/);
});

test('the README explains every code under a heading of its own (the error details link there)', () => {
  const codes = [...ERROR_CODES.map(releaseCodeFor), ...Object.keys(PLUGIN_ERRORS)];
  const missing = codes.filter(
    (code) => !new RegExp(`^#{3,4} \`?${code}\`?\\s*$`, 'm').test(readme),
  );
  assert.deepEqual(missing, []);
});

test('the README carries the core catalogue as it is now (regenerate with scripts/write-errors-doc.mjs)', () => {
  const stale = ERROR_CODES.filter((code) => !readme.includes(ERROR_CATALOGUE[code].fix));
  assert.deepEqual(stale, []);
});

test("a plugin code's fix is written once: the error details end with it and the README shows it", () => {
  const details = PLUGIN_ERRORS.ENOFALLBACKTOKEN({ envName: 'NPM_TOKEN' }).details;
  assert.ok(
    details.endsWith(
      `**How to fix it:** ${PLUGIN_FIXES.ENOFALLBACKTOKEN({ envName: 'NPM_TOKEN' })}`,
    ),
    details,
  );
  assert.match(
    PLUGIN_ERRORS.EINVALIDSTAGE({ value: 'yes' }).details,
    /How to fix it:\*\* Use `true` to stage/,
  );
  const stale = Object.entries(PLUGIN_FIXES).filter(
    ([code, fix]) => !readme.includes(`#### ${code}`) || !readme.includes(`- Fix: ${fixText(fix)}`),
  );
  assert.deepEqual(
    stale.map(([code]) => code),
    [],
  );
});
