import { readFile, writeFile } from 'node:fs/promises';

/**
 * Reads a JSON file, lets `edit` change the object, and writes it back with the file's own
 * indentation and final newline, so a release commit shows only the values that changed.
 * Returns false (and writes nothing) when `edit` reports no change or the file does not exist.
 */
export async function editJsonFile(
  file: string,
  edit: (data: Record<string, unknown>) => boolean,
): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const data = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  if (!edit(data)) return false;
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = JSON.stringify(data, null, indent).replace(/\n/g, eol);
  await writeFile(file, `${body}${/\r?\n$/.test(text) ? eol : ''}`);
  return true;
}
