// The check that output holds no token the sandbox minted. The runner logs every minted token (ID,
// exchanged, user, read and request tokens) to TRUSTPUB_SANDBOX_MINTED_LOG and scans what tests print
// and the files they write; output a test only captures in memory is checked here instead.
import fs from 'node:fs';

/** Every token recorded in a minted-token log (NDJSON, one `{ value }` a line); none when it is missing. */
export function readMintedLog(log: string): string[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { value: string }).value);
}

/** Every token the sandbox minted so far in this run. */
export function mintedTokens(): string[] {
  const log = process.env.TRUSTPUB_SANDBOX_MINTED_LOG;
  return log ? readMintedLog(log) : [];
}

/**
 * Throws when `text` holds a minted token, except on `::add-mask::` lines (the one place GitHub needs it).
 * Outside the test runner (no TRUSTPUB_SANDBOX_MINTED_LOG) that is a mistake, not a pass.
 */
export function assertNoMintedToken(text: string, what = 'the output'): void {
  if (!process.env.TRUSTPUB_SANDBOX_MINTED_LOG)
    throw new Error('TRUSTPUB_SANDBOX_MINTED_LOG is not set: run tests through npm run test:only');
  const visible = text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  for (const token of mintedTokens()) {
    if (visible.includes(token))
      throw new Error(`a minted token appears in ${what} (${token.slice(0, 6)}...)`);
  }
}
