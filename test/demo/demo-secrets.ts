// The demo never prints a token: every tool output it quotes is first checked against every token the
// sandbox minted so far (the minted log), and a hit fails the step instead of being printed.
import { readMintedLog } from '../e2e/support/tokens.js';

/** Every token the sandbox has minted so far, longest first (so a token inside another is found too). */
export function mintedTokens(mintedLog: string): string[] {
  return readMintedLog(mintedLog).sort((a, b) => b.length - a.length);
}

/**
 * Lines of `text` that are safe to show: `::add-mask::` lines (GitHub's masking command, the one place a
 * token may appear) are dropped. Throws when any other line holds a minted token.
 */
export function visibleLines(text: string, mintedLog: string, tool: string): string[] {
  const lines = text.split('\n').filter((l) => !l.startsWith('::add-mask::'));
  const tokens = mintedTokens(mintedLog);
  for (const line of lines) {
    const hit = tokens.find((t) => line.includes(t));
    if (hit)
      throw new Error(`a token the sandbox minted appears in the output of ${tool} (not shown)`);
  }
  return lines;
}

/**
 * `text` with every minted token replaced by `***`: only for the demo's own failure messages, which must
 * be printable even when the failure is that a token showed up.
 */
export function withoutMinted(text: string, mintedLog: string): string {
  let out = text;
  for (const token of mintedTokens(mintedLog)) out = out.split(token).join('***');
  return out;
}
