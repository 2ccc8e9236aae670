// Looks for every token the sandbox minted (one JSON line each in the minted log) in every file below
// the given roots. The sandbox's own state directories (marked with .trustpub-sandbox-state) are the
// registry's database, like npmjs's, and are not part of what a client run wrote.
import fs from 'node:fs';
import path from 'node:path';

export function readMinted(mintedLog) {
  if (!fs.existsSync(mintedLog)) return [];
  const seen = new Map();
  for (const line of fs.readFileSync(mintedLog, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { kind, value } = JSON.parse(line);
    if (typeof value === 'string' && value.length >= 16) seen.set(value, kind);
  }
  return [...seen].map(([value, kind]) => ({ value, kind }));
}

export function scanForSecrets({ mintedLog, roots, skip = [] }) {
  const secrets = readMinted(mintedLog);
  if (!secrets.length) return [];
  const leaks = [];
  const skipSet = new Set(skip.map((s) => path.resolve(s)));
  const visit = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === '.trustpub-sandbox-state')) return;
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (skipSet.has(path.resolve(full))) continue;
      if (e.isDirectory()) visit(full);
      else if (e.isFile()) {
        let text;
        try {
          // A `::add-mask::` line is how GitHub Actions is told to hide a value: the one sanctioned place.
          text = fs
            .readFileSync(full)
            .toString('latin1')
            .split('\n')
            .filter((l) => !l.startsWith('::add-mask::'))
            .join('\n');
        } catch {
          continue;
        }
        for (const s of secrets)
          if (text.includes(s.value)) leaks.push({ file: full, kind: s.kind });
      }
    }
  };
  for (const r of roots) visit(r);
  return leaks;
}
