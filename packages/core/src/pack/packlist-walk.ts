import { statSync } from 'node:fs';
import path from 'node:path';
import type Packlist from 'npm-packlist';
import type { PacklistTree } from 'npm-packlist';

type PacklistOptions = Parameters<typeof Packlist>[1];
type Rules = unknown[] | null | undefined;

/** Decisions kept at most; past it the memo starts over (a walk stays correct, only slower). */
const MAX_DECISIONS = 50_000;

/**
 * npm-packlist's listing, with each text of ignore rules compiled once per process and each rule
 * decision taken once per set of rules.
 *
 * For every package it lists, npm-packlist compiles each ignore rule into a minimatch pattern: its
 * built-in rules (the same two texts for every package), the rules it derives from package.json, and
 * each .npmignore or .gitignore. Compiling was about half of a listing's CPU (200 small packages: 0.25 s
 * of 0.5 s). The walker compiles a text with fixed options (ignore-walk's `onReadIgnoreFile`), so the
 * compiled rules are a function of the text alone, and matching only reads them: a text seen before
 * takes the rules already compiled, in the package's folder and in every folder below it.
 *
 * Matching is the other half: ignore-walk's `filterEntry` tries every rule of every ignore file on each
 * entry, in up to eight forms (with and without a leading or trailing slash, as a file and as a folder),
 * about 40 rules for a package without ignore files of its own. Its answer depends only on the entry,
 * the compiled rules of the folder and of each folder above it (the same array objects for the same
 * texts, above), each folder's name below the package root and its `exact` flag. So the answer is kept
 * under those: packages that share their rules (most packages of a workspace) take the decisions on
 * `index.js`, `README.md`, `dist/` once. `packlist-walk.test.ts` checks that the lists are npm-packlist's
 * own, package by package, on every kind of rule.
 */
export function cachingPacklist(packlist: typeof Packlist): typeof Packlist {
  const compiled = new Map<string, unknown[] | null>();
  const ruleIds = new WeakMap<object, number>();
  const decisions = new Map<string, boolean>();
  let nextId = 0;
  const idOf = (rules: Rules): string => {
    if (!rules) return '-';
    let id = ruleIds.get(rules);
    if (id === undefined) ruleIds.set(rules, (id = nextId++));
    return String(id);
  };

  const signatures = new WeakMap<object, string>();
  const signatureOf = (walker: Packlist.Walker): string => {
    let signature = signatures.get(walker);
    if (signature !== undefined) return signature;
    // The rules are final once the walker filters (npm-packlist drops the overridden ones first).
    const own = walker.ignoreFiles.map((file) => idOf(walker.ignoreRules[file])).join(',');
    const above = walker.parent
      ? `${signatureOf(walker.parent)}/${JSON.stringify(walker.basename)}`
      : '';
    signature = `${above}[${own}|${walker.exact === undefined ? '' : String(walker.exact)}]`;
    signatures.set(walker, signature);
    return signature;
  };

  class CachingWalker extends packlist.Walker {
    override onReadIgnoreFile(file: string, data: string, then: () => void): void {
      const known = compiled.get(data);
      if (known !== undefined) {
        this.ignoreRules[file] = known;
        then();
        return;
      }
      // ignore-walk compiles synchronously and then calls back; the callback is ours to call after.
      super.onReadIgnoreFile(file, data, () => undefined);
      compiled.set(data, this.ignoreRules[file] ?? null);
      then();
    }

    override filterEntry(entry: string, partial?: boolean, entryBasename?: string): boolean {
      const key = `${signatureOf(this)}\0${entry}\0${partial ? 1 : 0}\0${entryBasename ?? ''}`;
      const known = decisions.get(key);
      if (known !== undefined) return known;
      const answer = super.filterEntry(entry, partial, entryBasename);
      if (decisions.size >= MAX_DECISIONS) decisions.clear();
      decisions.set(key, answer);
      return answer;
    }

    // Folders below the package root get this walker too, so their rules are compiled once as well.
    override walker(entry: string, options: unknown, then: () => void): void {
      new CachingWalker(this.tree, this.walkerOpt(entry, options)).on('done', then).start();
    }
  }
  const walk = (tree: PacklistTree, options?: PacklistOptions): Promise<string[]> =>
    new Promise((resolve, reject) => {
      new CachingWalker(tree, { ...withoutIdleWorkspace(options), isPackage: true })
        .on('done', resolve)
        .on('error', reject)
        .start();
    });
  return Object.assign(walk, { Walker: packlist.Walker });
}

/**
 * The options without `prefix` and `workspaces` when they would add no rule. For a workspace package
 * npm-packlist reads the .npmignore (else .gitignore) of every folder from the workspace root down to
 * the package's parent, at every listing; most workspaces have none, and each missing file costs a
 * failed read and a thrown error. Without those options it reads nothing and adds nothing, which is the
 * same outcome when none of them exists. Any other state of those files (present, unreadable, a
 * folder) keeps the options, and npm-packlist meets it as it would.
 */
function withoutIdleWorkspace(options: PacklistOptions): PacklistOptions {
  if (!options?.prefix || !options.workspaces) return options;
  // npm-packlist's own test: the resolved package folder, a workspace of the list, not the root itself.
  const slashes = (p: string) => p.replace(/\\/g, '/');
  const dir = path.resolve(options.path ?? '.');
  if (
    slashes(dir) === slashes(options.prefix) ||
    !options.workspaces.map(slashes).includes(slashes(dir))
  )
    return options;
  const rel = path.relative(options.prefix, path.dirname(dir));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return options;
  let folder = options.prefix;
  for (const part of ['', ...(rel ? rel.split(path.sep) : [])]) {
    folder = path.join(folder, part);
    for (const file of ['.npmignore', '.gitignore']) {
      try {
        if (statSync(path.join(folder, file), { throwIfNoEntry: false })) return options;
      } catch {
        return options;
      }
    }
  }
  return options.path === undefined ? {} : { path: options.path };
}
