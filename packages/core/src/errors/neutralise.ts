/**
 * A CI runner reads commands out of the job's log: GitHub Actions any line that starts with `::` (after
 * leading spaces, which it trims), GitLab the `section_start:` / `section_end:` markers. Text that a
 * registry or another process sent must never be able to do that when trustpub prints it, so each such
 * line is prefixed with `| ` (readable, and no longer a command). Carriage returns count as line breaks
 * (a terminal or runner may treat them so), and terminal escape and other control characters are
 * dropped: an escape sequence could hide the prefix or redraw the line.
 */
export function neutraliseText(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .split('\n')
    .map((line) => (COMMAND_START.test(line) ? `| ${line}` : line))
    .join('\n');
}

// eslint-disable-next-line no-control-regex -- these are exactly the characters being removed
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u009b]/g;
const COMMAND_START = /^\s*(::|section_(start|end):)/;
// eslint-disable-next-line no-control-regex -- a quick test before the line-by-line pass
const UNSAFE = /::|section_(start|end):|[\u0000-\u0008\u000b-\u001f\u007f\u009b]/;
