import type { Fix, FixText } from '../fixes/index.js';

/**
 * The catalogue's "Fix" (Markdown), derived from the one written fix: a builder is called with fields
 * that each read `<fieldName>`, and named variants are listed each with its name.
 */
export function fixText(fix: Fix): string {
  if (typeof fix === 'string' || typeof fix === 'function') return markdown(render(fix));
  return Object.entries(fix)
    .map(([variant, text]) => `**${variant}**: ${markdown(render(text))}`)
    .join(' ');
}

function render(text: FixText): string {
  return typeof text === 'string' ? text : text(PLACEHOLDERS);
}

// A field reads as its placeholder both as a string (`${c.name}`) and as a list (`c.files.join(', ')`):
// a one-element array turns into its element wherever it is put into text.
const PLACEHOLDERS = new Proxy(
  {},
  { get: (_target, field) => (typeof field === 'string' ? [`<${field}>`] : undefined) },
) as Record<string, string & readonly string[]>;

// Outside code spans `<name>` would be read as an HTML tag (and hidden): escape it there. A hint of
// several lines (a YAML snippet) becomes one line of the list item.
function markdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/<(?=[A-Za-z])/g, '\\<') : part))
    .join('`');
}
