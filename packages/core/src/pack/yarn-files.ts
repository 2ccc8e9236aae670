import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

/** Accept and reject patterns; a leading `!` turns a pattern into an exception. */
interface RuleList {
  accept: string[];
  reject: string[];
}

/** Always packed, whatever `files` or an ignore file says (yarn's plugin-pack). */
const ALWAYS_PACKED = [
  '/package.json',
  '/readme',
  '/readme.*',
  '/license',
  '/license.*',
  '/licence',
  '/licence.*',
  '/changelog',
  '/changelog.*',
];
/** Never packed. */
const NEVER_PACKED = [
  '/package.tgz',
  '.github',
  '.git',
  '.hg',
  'node_modules',
  '.npmignore',
  '.gitignore',
  '.#*',
  '.DS_Store',
  '.yarnrc.yml',
];
/** What yarn itself keeps in a project root (lockfile, cache, install state, PnP files). */
const PROJECT_FILES = [
  '/yarn.lock',
  '/.yarn/cache',
  '/.yarn/install-state.gz',
  '/.yarn/__virtual__',
  '/.yarn/unplugged',
  '/.pnp.cjs',
  '/.pnp.data.json',
  '/.pnp.loader.mjs',
];

/**
 * The files `yarn pack` (yarn 4) puts into the tarball of the workspace in `dir`, sorted as yarn sorts
 * them. yarn walks the folder itself (it does not use npm-packlist): README, LICENSE/LICENCE and
 * CHANGELOG (any extension, any case) at the top are always packed; `main`, `module`, `browser` and
 * `bin` (from `publishConfig` when set there) are packed; `files` rejects everything else at the top;
 * below that, each folder's `.npmignore` (else `.gitignore`) applies, except the top folder's when
 * `files` is set. Patterns without a slash match a file's name anywhere, case-insensitively.
 * `projectRoot`: the package is the yarn project itself (its lockfile and `.yarn` folders are left out);
 * `nested`: folders of other workspaces inside this one, left out.
 */
export async function yarnPackFiles(
  dir: string,
  manifest: Readonly<Record<string, unknown>>,
  options: { projectRoot: boolean; nested: string[] },
): Promise<string[]> {
  const global: RuleList = {
    accept: [...ALWAYS_PACKED],
    reject: [
      ...NEVER_PACKED,
      ...(options.projectRoot ? PROJECT_FILES : []),
      ...options.nested.map((n) => `/${n}`),
    ],
  };
  const own: RuleList = { accept: [], reject: [] };
  const publishConfig = (manifest.publishConfig ?? {}) as Record<string, unknown>;
  const pick = (key: string) => publishConfig[key] ?? manifest[key];
  for (const key of ['main', 'module']) {
    const value = pick(key);
    if (typeof value === 'string') own.accept.push(rooted(value));
  }
  const browser = pick('browser');
  if (typeof browser === 'string') own.accept.push(rooted(browser));
  for (const target of binTargets(manifest.name, pick('bin'))) own.accept.push(rooted(target));
  if (browser && typeof browser === 'object') {
    for (const [from, to] of Object.entries(browser)) {
      own.accept.push(rooted(from));
      if (typeof to === 'string') own.accept.push(rooted(to));
    }
  }
  const files = Array.isArray(manifest.files) ? (manifest.files as unknown[]) : undefined;
  if (files) {
    own.reject.push('/*');
    for (const entry of files) if (typeof entry === 'string') addPattern(own.accept, entry, '/');
  }
  return walk(dir, files !== undefined, global, own);
}

/** The paths a manifest's `bin` names (yarn reads a string `bin` as `{ <name>: path }`). */
export function binTargets(_name: unknown, bin: unknown): string[] {
  if (typeof bin === 'string') return [bin];
  if (bin && typeof bin === 'object')
    return Object.values(bin).filter((v): v is string => typeof v === 'string');
  return [];
}

async function walk(
  dir: string,
  explicitFiles: boolean,
  global: RuleList,
  own: RuleList,
): Promise<string[]> {
  const out: string[] = [];
  const stack: [string, RuleList[]][] = [['/', [own]]];
  while (stack.length > 0) {
    const [current, lists] = stack.pop()!;
    const real = path.join(dir, current);
    const stat = await lstat(real);
    if (ignored(current, global, stat.isDirectory() ? null : lists)) continue;
    if (stat.isDirectory()) {
      const entries = await readdir(real);
      const readOwn = !explicitFiles || current !== '/';
      const file = !readOwn
        ? undefined
        : entries.includes('.npmignore')
          ? '.npmignore'
          : entries.includes('.gitignore')
            ? '.gitignore'
            : undefined;
      const rules = file ? await readIgnoreFile(real, current, file) : undefined;
      let next = rules ? [rules, ...lists] : lists;
      // A folder the lists ignore: only what an earlier list accepts explicitly survives inside it.
      if (ignored(current, global, lists)) next = [...lists, { accept: [], reject: ['**/*'] }];
      for (const entry of entries) stack.push([path.posix.join(current, entry), next]);
    } else if (stat.isFile() || stat.isSymbolicLink()) {
      out.push(current.slice(1));
    }
  }
  return out.sort();
}

async function readIgnoreFile(real: string, at: string, file: string): Promise<RuleList> {
  const rules: RuleList = { accept: [], reject: [] };
  const text = await readFile(path.join(real, file), 'utf8');
  for (const line of text.split(/\n/g)) addPattern(rules.reject, line, at);
  return rules;
}

function addPattern(list: string[], line: string, cwd: string): void {
  let pattern = line.trim();
  if (pattern === '' || pattern.startsWith('#')) return;
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1);
  // A pattern with a slash is anchored at the folder that declares it.
  if (/\.?\//.test(pattern)) pattern = path.posix.resolve(cwd, pattern);
  list.push(negated ? `!${pattern}` : pattern);
}

function ignored(file: string, global: RuleList, lists: RuleList[] | null): boolean {
  const accepted = matchList(file, global.accept);
  if (accepted !== 0) return accepted === 2;
  const rejected = matchList(file, global.reject);
  if (rejected !== 0) return rejected === 1;
  for (const list of lists ?? []) {
    const a = matchList(file, list.accept);
    if (a !== 0) return a === 2;
    const r = matchList(file, list.reject);
    if (r !== 0) return r === 1;
  }
  return false;
}

/** 2 when an exception (`!pattern`) matches, 1 when a pattern matches, 0 when none does. */
function matchList(file: string, patterns: string[]): 0 | 1 | 2 {
  const positive = patterns.filter((p) => !p.startsWith('!'));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  if (matches(file, negative)) return 2;
  return matches(file, positive) ? 1 : 0;
}

function matches(file: string, patterns: string[]): boolean {
  const anchored = patterns.filter((p) => p.includes('/'));
  const names = patterns.filter((p) => !p.includes('/'));
  return (
    (anchored.length > 0 && picomatch(anchored, { dot: true, nocase: true })(file)) ||
    (names.length > 0 && picomatch(names, { dot: true, nocase: true, basename: true })(file))
  );
}

function rooted(file: string): string {
  return path.posix.resolve('/', file);
}
