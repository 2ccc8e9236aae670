// Regenerates the "Errors" section of the README from the plugin's catalogue and the core's
// ERROR_CATALOGUE, so every code semantic-release users can see has a heading (the error details link
// to it) with its cause and fix. Run after building: `node packages/semantic-release/scripts/write-errors-doc.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import * as core from '@trustpub/core';
import { ERROR_CATALOGUE, fixText } from '@trustpub/core/error-catalogue';
import { CORE_CODE_MAP, releaseCodeFor } from '../dist/definitions/core-codes.js';
import { PLUGIN_ERROR_DOCS, PLUGIN_FIXES } from '../dist/definitions/errors.js';
import { pluginAdvice } from '../dist/definitions/plugin-advice.js';

const readmePath = new URL('../README.md', import.meta.url);
const catalogue = ERROR_CATALOGUE;

const section = (code, title, cause, fix, origin) => {
  const advice = origin && pluginAdvice(origin, fix);
  return (
    `#### ${code}\n\n**${title}**${origin ? ` (trustpub code \`${origin}\`)` : ''}\n\n- Cause: ${cause}\n- Fix: ${fix}\n` +
    (advice ? `- With this plugin: ${advice}\n` : '')
  );
};

const parts = ['### Plugin codes\n'];
for (const [code, doc] of Object.entries(PLUGIN_ERROR_DOCS))
  parts.push(section(code, doc.title, doc.cause, fixText(PLUGIN_FIXES[code])));
parts.push('### Codes from trustpub core\n');
for (const origin of core.ERROR_CODES) {
  const doc = catalogue[origin];
  if (!doc) throw new Error(`ERROR_CATALOGUE has no entry for ${origin}`);
  parts.push(section(releaseCodeFor(origin), doc.title, doc.cause, doc.fix, origin));
}
const unmapped = core.ERROR_CODES.filter((c) => !(c in CORE_CODE_MAP));
if (unmapped.length)
  console.warn(`core codes without a chosen E code (derived names used): ${unmapped.join(', ')}`);

const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- errors:start -->';
const end = '<!-- errors:end -->';
const next = `${readme.slice(0, readme.indexOf(start) + start.length)}\n${parts.join('\n')}${readme.slice(readme.indexOf(end))}`;
writeFileSync(readmePath, next);
console.log(
  `README errors section: ${Object.keys(PLUGIN_ERROR_DOCS).length + core.ERROR_CODES.length} codes`,
);
