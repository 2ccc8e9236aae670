// The error catalogue: documentation data, not on the runtime path. The package exposes it as
// `@trustpub/core/error-catalogue`; docs/errors.md is generated from it (`node scripts/gen-errors-doc.mjs`).
import type { TrustpubErrorCode } from '../errors.js';
import { FIXES } from '../fixes/index.js';
import { CONFIG_ENTRIES } from './config.js';
import type { ErrorCatalogueEntry, WrittenEntry } from './entry.js';
import { fixText } from './fix-text.js';
import { OIDC_ENTRIES } from './oidc.js';
import { PUBLISH_ENTRIES } from './publish.js';
import { RELEASE_ENTRIES } from './release.js';
import { TRUST_ENTRIES } from './trust.js';

export type { ErrorCatalogueEntry } from './entry.js';
export { fixText } from './fix-text.js';

const WRITTEN = {
  ...OIDC_ENTRIES,
  ...CONFIG_ENTRIES,
  ...PUBLISH_ENTRIES,
  ...RELEASE_ENTRIES,
  ...TRUST_ENTRIES,
} satisfies Record<TrustpubErrorCode, WrittenEntry>;

/**
 * Every error code with its cause and fix: complete by type, so a new code needs its entry (and its fix
 * in FIXES) to build. The fix is derived from FIXES, the text the thrown hint is made from.
 */
export const ERROR_CATALOGUE: Readonly<Record<TrustpubErrorCode, ErrorCatalogueEntry>> =
  Object.fromEntries(
    (Object.entries(WRITTEN) as [TrustpubErrorCode, WrittenEntry][]).map(([code, entry]) => [
      code,
      { ...entry, fix: fixText(FIXES[code]) },
    ]),
  ) as Record<TrustpubErrorCode, ErrorCatalogueEntry>;

/** docs/errors.md, rendered from the catalogue in the order of ERROR_CODES (the file is generated). */
export function renderErrorCatalogue(codes: readonly TrustpubErrorCode[]): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from packages/core/src/errors/catalogue/ by `node scripts/gen-errors-doc.mjs`. Do not edit. -->',
    '',
    'Every failure trustpub reports carries one of these codes, a message saying what happened and a hint saying what to change.',
    'Codes are stable: they are never renamed.',
    '',
    '| code | title |',
    '|---|---|',
    ...codes.map(
      (code) => `| [\`${code}\`](#${code.toLowerCase()}) | ${ERROR_CATALOGUE[code].title} |`,
    ),
    '',
  ];
  for (const code of codes) {
    const entry = ERROR_CATALOGUE[code];
    lines.push(
      `## ${code}`,
      '',
      `**${entry.title}**`,
      '',
      `- Cause: ${entry.cause}`,
      `- How to tell: ${entry.howToTell}`,
      `- Fix: ${entry.fix}`,
      '',
    );
  }
  return lines.join('\n');
}
