import { existsSync, lstatSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { TrustpubError, FIXES } from '../errors/index.js';
import { readManifestFile, type Manifest, type ManifestFile } from '../workspace/index.js';
import { packLibs } from './libs.js';

/**
 * npm's publish-time manifest: `@npmcli/package-json`'s `fix()` (for a directory) then `prepare()`.
 * Six of prepare's steps are done here first, with the same outcome, when the folder leaves no doubt:
 * the `*.gyp` and README globs (a glob library walk each), the upward `.git` search (a promise per
 * folder up to the root), and the `server.js`, `AUTHORS` and type-declaration probes (a promise each,
 * and a thrown error for every file that is not there, which is the usual case). Together they were
 * most of prepare's CPU, once per package. A folder where the outcome could depend on the glob's order
 * (several README candidates, a symlinked one), or where a `.gyp`, `server.js` or `AUTHORS` file exists,
 * is left to the library's own step.
 * @throws TrustpubError `CONFIG_INVALID_VERSION`, `CONFIG_INVALID_NAME`, `CONFIG_MANIFEST_INVALID`.
 */
export async function prepareManifest(
  dir: string,
  fix: boolean,
  /** The folder's package.json as just read, when the caller holds it (not read again). */
  known?: ManifestFile,
): Promise<Manifest> {
  const { manifest, file, text } = known ?? (await readManifestFile(dir));
  try {
    const { PackageJson } = await packLibs();
    // From the text just read: the library's own load (PackageJson.fix/load) reads the file again through
    // fs.promises, about 0.1 ms of CPU for a small file, ten times a synchronous read.
    const loaded = new PackageJson().create(dir).fromJSON(text);
    const pkg = fix ? await loaded.fix() : loaded;
    const done = prepareSteps(dir, pkg.content);
    const steps = PackageJson.prepareSteps.filter((step) => !done.has(step));
    return (await pkg.prepare({ steps })).content as Manifest;
  } catch (error) {
    // @npmcli/package-json refuses what npm would refuse ("Invalid version: ...", "Invalid name: ...").
    const message = (error as Error).message;
    const code = /version/i.test(message)
      ? 'CONFIG_INVALID_VERSION'
      : /name/i.test(message)
        ? 'CONFIG_INVALID_NAME'
        : 'CONFIG_MANIFEST_INVALID';
    throw new TrustpubError(code, `${file}: ${message} (npm refuses to publish this manifest).`, {
      hint:
        code === 'CONFIG_INVALID_VERSION'
          ? FIXES.CONFIG_INVALID_VERSION
          : code === 'CONFIG_INVALID_NAME'
            ? FIXES.CONFIG_INVALID_NAME.invalid
            : FIXES.CONFIG_MANIFEST_INVALID.npmRefused({ file }),
      packageName: manifest.name,
      cause: error,
    });
  }
}

/**
 * Does prepare's `gypfile`, `serverjs`, `authors`, `readme`, `gitHead` and `fillTypes` steps on `data`
 * where it can; returns those done.
 */
function prepareSteps(dir: string, data: Record<string, unknown>): Set<string> {
  const done = new Set<string>();
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return done; // the library reports an unreadable folder its own way
  }
  // The step may add an install script only when a *.gyp file is there; with none it changes nothing.
  if (!entries.some((e) => !e.name.startsWith('.') && e.name.endsWith('.gyp'))) done.add('gypfile');
  // These two change the manifest only when their file is there; with none they change nothing. Any
  // case of the name is left to the library: a case-insensitive file system would find it.
  const scripts = (data.scripts ?? {}) as Record<string, unknown>;
  if (scripts.start || !entries.some((e) => e.name.toLowerCase() === 'server.js'))
    done.add('serverjs');
  if (data.contributors || !entries.some((e) => e.name.toLowerCase() === 'authors'))
    done.add('authors');
  if (fillTypes(dir, data)) done.add('fillTypes');
  if (!data.readme && readme(dir, entries, data)) done.add('readme');
  if (!data.gitHead) {
    const head = gitHead(dir);
    if (head) data.gitHead = head;
    done.add('gitHead');
  }
  return done;
}

/**
 * The `fillTypes` step: with no `types` or `typings` field, `types` names the `.d.ts` beside `main`
 * (default `index.js`) when that file exists. False (left to the library, which throws its own error)
 * for a `main` that is not a string.
 */
function fillTypes(dir: string, data: Record<string, unknown>): boolean {
  const index = data.main || 'index.js';
  if (typeof index !== 'string') return false;
  if ('types' in data || 'typings' in data) return true;
  const extless = path.join(path.dirname(index), path.basename(index, path.extname(index)));
  const dts = `./${extless}.d.ts`;
  if (existsSync(path.join(dir, dts))) data.types = dts.split(path.sep).join('/');
  return true;
}

/**
 * The `readme` step for a folder with at most one README candidate (`README` or `README.*`, any case):
 * its text when its name is `README` or ends like a markdown extension, else npm's placeholder. False
 * (left to the library) for several candidates or a symlinked one, whose outcome follows the glob.
 */
function readme(dir: string, entries: readonly Dirent[], data: Record<string, unknown>): boolean {
  const candidates = entries.filter((e) => /^readme(\..*)?$/i.test(e.name));
  if (candidates.length > 1 || candidates.some((e) => !e.isFile() && !e.isDirectory()))
    return false;
  const only = candidates[0];
  if (only?.isFile() && (/\.m?a?r?k?d?o?w?n?$/i.test(only.name) || only.name.endsWith('README'))) {
    data.readme = readFileSync(path.join(dir, only.name), 'utf8');
    data.readmeFilename = only.name;
  }
  // An empty README counts as none, and keeps its file name, as in the library's step.
  if (!data.readme) data.readme = 'ERROR: No README data found!';
  return true;
}

/**
 * The `gitHead` step: the commit `.git/HEAD` names in the nearest folder up from `dir` that has a
 * `.git`, through the ref's file or `packed-refs`; undefined when none can be read.
 */
function gitHead(dir: string): string | undefined {
  let root: string | undefined;
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(`${current}/.git`)) {
      root = current;
      break;
    }
    if (path.dirname(current) === current) return undefined;
  }
  const head = readText(path.resolve(root, '.git/HEAD'));
  if (!head) return undefined;
  if (!head.startsWith('ref: ')) return head.trim() || undefined;
  const ref = head.replace(/^ref: /, '').trim();
  const loose = readText(path.resolve(root, '.git', ref))
    ?.replace(/^ref: /, '')
    .trim();
  if (loose) return loose;
  for (const line of (readText(path.resolve(root, '.git/packed-refs')) ?? '').split('\n')) {
    const match = /^([0-9a-f]{40}) (.+)$/.exec(line);
    if (match && match[2]?.trim() === ref) return match[1];
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return lstatSync(file).isDirectory() ? undefined : readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
