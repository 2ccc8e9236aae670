/**
 * package.json as `bun pm pack` prints it: bun re-prints the file with its own JSON printer, in the
 * file's indentation: every non-empty object is expanded one key per line, an array stays on one line
 * (`[a, b]`) when it was on one line in the file and is expanded otherwise, strings and numbers are
 * written as JSON.stringify writes them, and the final newline is kept when the file had one.
 */
export function bunJson(value: unknown, original: string): string {
  const text = original.replace(/^\uFEFF/, '');
  const indent = /^[ \t]*\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const inline = singleLineArrays(text);
  const print = (v: unknown, level: number, at: string): string => {
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (inline.has(at))
        return `[${v.map((item, i) => print(item, level, `${at}/${i}`)).join(', ')}]`;
      const items = v.map(
        (item, i) => indent.repeat(level + 1) + print(item, level + 1, `${at}/${i}`),
      );
      return `[\n${items.join(',\n')}\n${indent.repeat(level)}]`;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 0) return '{}';
      const lines = entries.map(
        ([key, item]) =>
          `${indent.repeat(level + 1)}${JSON.stringify(key)}: ${print(item, level + 1, `${at}/${escapeKey(key)}`)}`,
      );
      return `{\n${lines.join(',\n')}\n${indent.repeat(level)}}`;
    }
    return JSON.stringify(v);
  };
  return print(value, 0, '') + (/\r?\n$/.test(text) ? '\n' : '');
}

function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON pointers of the arrays that open and close on the same line of `text`. */
function singleLineArrays(text: string): Set<string> {
  const out = new Set<string>();
  // Each open container: its pointer, whether it is an array, its line, the next array index / last key.
  const stack: { at: string; array: boolean; line: number; index: number; key?: string }[] = [];
  let line = 0;
  let pendingKey: string | undefined;
  const childPointer = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.array) return `${top.at}/${top.index}`;
    return `${top.at}/${escapeKey(top.key ?? '')}`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j;
      const top = stack[stack.length - 1];
      // A string directly followed by a colon is a key.
      if (top && !top.array && /^\s*:/.test(text.slice(i + 1, i + 20)))
        pendingKey = JSON.parse(raw) as string;
    } else if (c === ':') {
      const top = stack[stack.length - 1];
      if (top && pendingKey !== undefined) top.key = pendingKey;
      pendingKey = undefined;
    } else if (c === '{' || c === '[') {
      stack.push({ at: childPointer(), array: c === '[', line, index: 0 });
    } else if (c === '}' || c === ']') {
      const done = stack.pop();
      if (done?.array && done.line === line) out.add(done.at);
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
    }
  }
  return out;
}
