// Writes docs/errors.md from the error catalogue of @trustpub/core (build the core first).
// `--check` only compares and exits 1 when the file is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { ERROR_CODES } = await import(path.join(root, 'packages/core/dist/index.js'));
const { renderErrorCatalogue } = await import(
  path.join(root, 'packages/core/dist/errors/catalogue/index.js')
);
const file = path.join(root, 'docs/errors.md');
const text = renderErrorCatalogue(ERROR_CODES);
if (process.argv.includes('--check')) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== text) {
    console.error('docs/errors.md is out of date: run `node scripts/gen-errors-doc.mjs`.');
    process.exit(1);
  }
} else {
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(root, file)} (${ERROR_CODES.length} codes)`);
}
