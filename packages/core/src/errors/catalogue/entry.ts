import type { TrustpubErrorCode } from '../errors.js';

/**
 * The catalogue entry of one error code (Markdown): a short title, why it happens, how to tell it is this
 * (what the user sees: message shape, HTTP status, the `trustpub doctor` finding, what npm alone shows),
 * and how to fix it. The fix is written here once; a thrown error's hint says what to change in that case.
 */
export interface ErrorCatalogueEntry {
  title: string;
  cause: string;
  howToTell: string;
  fix: string;
  /**
   * For codes whose hint is built from the case (names, URLs, the trusted publisher that would match): the
   * files (from the repository root) that build it. `fix` then says in general what to change, and the hint
   * names the exact change. Codes whose fix is one fixed sentence take it from FIXES (errors/fixes.ts).
   */
  fixBuiltBy?: readonly string[];
}

/** One group's entries: only known codes (the whole catalogue is checked for completeness in index.ts). */
export type CatalogueEntries = Partial<Record<TrustpubErrorCode, ErrorCatalogueEntry>>;
