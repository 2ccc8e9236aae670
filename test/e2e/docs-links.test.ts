// Every relative link in the README, docs/ and the package READMEs points at a file that exists, and every
// `#anchor` into a markdown file names one of its headings (GitHub's slug rules), so the docs cannot rot silently.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './support/paths.js';

function pages(): string[] {
  const out = [path.join(REPO_ROOT, 'README.md')];
  for (const dir of [
    'docs',
    ...fs.readdirSync(path.join(REPO_ROOT, 'packages')).map((p) => path.join('packages', p)),
  ]) {
    for (const f of fs.readdirSync(path.join(REPO_ROOT, dir)))
      if (f.endsWith('.md')) out.push(path.join(REPO_ROOT, dir, f));
  }
  return out;
}

/** GitHub's heading anchor: lower-case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] as string)));
}

test('relative links and anchors in the docs resolve', () => {
  const broken: string[] = [];
  for (const page of pages()) {
    const text = fs.readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1] as string;
      if (/^[a-z]+:/.test(target)) continue;
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const resolved = file ? path.resolve(path.dirname(page), file) : page;
      const where = `${path.relative(REPO_ROOT, page)} -> ${target}`;
      if (!fs.existsSync(resolved)) broken.push(`${where} (no such file)`);
      else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor))
        broken.push(`${where} (no such heading)`);
    }
  }
  assert.deepEqual(broken, []);
});
