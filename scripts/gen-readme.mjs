// Fills the generated regions of README.md: each `<!-- workflow:NAME -->` region with docs/workflows/NAME.yml
// and the benchmark region with bench/results/latest.md. `--check` exits 1 when README.md is out of date
// (test/e2e/docs-workflows.test.ts runs it), so the README shows exactly the files the tests validate.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');

export function renderReadme(text) {
  let out = text.replace(/<!-- workflow:([\w.-]+) -->[\s\S]*?<!-- \/workflow -->/g, (_, name) => {
    const file = path.join(root, 'docs', 'workflows', `${name}.yml`);
    if (!fs.existsSync(file))
      throw new Error(`README names docs/workflows/${name}.yml, which does not exist`);
    return `<!-- workflow:${name} -->\n\`\`\`yaml\n${fs.readFileSync(file, 'utf8').trimEnd()}\n\`\`\`\n<!-- /workflow -->`;
  });
  const bench = path.join(root, 'bench', 'results', 'latest.md');
  if (fs.existsSync(bench)) {
    out = out.replace(
      /<!-- bench:start -->[\s\S]*?<!-- bench:end -->/,
      `<!-- bench:start -->\n${fs.readFileSync(bench, 'utf8').trim()}\n<!-- bench:end -->`,
    );
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const current = fs.readFileSync(readmePath, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md is out of date: run `node scripts/gen-readme.mjs`.');
      process.exit(1);
    }
  } else if (next !== current) {
    fs.writeFileSync(readmePath, next);
    console.log('README.md updated');
  }
}
