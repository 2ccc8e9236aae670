import type { TrustpubErrorCode } from '../errors.js';

/**
 * The catalogue entry of one error code (Markdown): a short title, why it happens, how to tell it is this
 * (what the user sees: message shape, HTTP status, the `trustpub doctor` finding, what npm alone shows),
 * and how to fix it. The fix is not written here: it is derived from the code's entry in FIXES
 * (errors/fixes/), the same text the thrown error's hint is made from.
 */
export interface ErrorCatalogueEntry {
  title: string;
  cause: string;
  howToTell: string;
  fix: string;
}

/** What a catalogue file writes for one code: everything but the fix. */
export interface WrittenEntry {
  title: string;
  cause: string;
  howToTell: string;
}

/** One group's entries: only known codes (the whole catalogue is checked for completeness in index.ts). */
export type CatalogueEntries = Partial<Record<TrustpubErrorCode, WrittenEntry>>;
