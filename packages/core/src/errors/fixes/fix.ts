/**
 * What a fix may be. The hint a thrown error (or a doctor finding) carries comes from here, and the
 * catalogue (docs/errors.md) shows the same text, so each code's advice is written exactly once.
 *
 * - a fixed sentence;
 * - a builder: takes ONE object of named string (or string list) fields from the case (names, URLs,
 *   commands the throw site computed) and puts them into the sentence. It holds prose only: anything
 *   that needs logic is computed where the error is thrown and passed in as a field. The catalogue
 *   renders it with every field read as `<fieldName>`;
 * - named variants, when the same code is thrown in situations that need different advice: each a
 *   sentence or a builder, chosen by the throw site (`FIXES.X.variant`).
 */
export type Fix = FixText | Readonly<Record<string, FixText>>;

export type FixText = string | FixBuilder;

/** The fields a builder takes: each a string or a list of strings. */
export type FixFields = Readonly<Record<string, string | readonly string[]>>;

// Method syntax makes the parameter bivariant, so a builder may name its own fields
// (`(c: { name: string }) => ...`) while a field of another type (a number, an object) still fails.
/** A fix built from the case. */
export type FixBuilder = { build(fields: FixFields): string }['build'];
