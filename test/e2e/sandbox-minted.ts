// Every token the sandbox minted in this test run (ID, exchanged, user, read and request tokens), read from
// the runner's TRUSTPUB_SANDBOX_MINTED_LOG, and the check that an output holds none of them. The runner
// scans what tests print and every file they write; output a test only captures in memory is checked here.
import fs from 'node:fs';

/** Every token the sandbox minted so far in this run. */
export function mintedTokens(): string[] {
  const log = process.env.TRUSTPUB_SANDBOX_MINTED_LOG;
  if (!log || !fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { value: string }).value);
}

/**
 * Throws when `text` holds a minted token, except on `::add-mask::` lines (the one place GitHub needs it).
 * Outside the test runner (no TRUSTPUB_SANDBOX_MINTED_LOG) that is a mistake, not a pass.
 */
export function assertNoMintedToken(text: string, what = 'the output'): void {
  if (!process.env.TRUSTPUB_SANDBOX_MINTED_LOG)
    throw new Error('TRUSTPUB_SANDBOX_MINTED_LOG is not set: run tests through npm run test:only');
  const tokens = mintedTokens();
  const visible = text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  for (const token of tokens) {
    if (visible.includes(token))
      throw new Error(`a minted token appears in ${what} (${token.slice(0, 6)}...)`);
  }
}
