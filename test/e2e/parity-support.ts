// Shared by the parity suites: fixture copies, the pinned real npm CLI, and tarball reading.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'tar';
import { NPM_CLI, REPO_ROOT } from './support/paths.js';
import { runNode, type ProcessRun } from './support/processes.js';
import { tempDir } from './support/temp.js';

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'parity');

/** One parity case: which fixture, which package inside it, and the ranges trustpub must replace. */
export interface ParityCase {
  fixture: string;
  /** Package directory inside the fixture ('' = the fixture itself). */
  pkg: string;
  /** Expected replacements in the packed package.json: field -> dependency -> [literal npm keeps, replaced]. */
  replaced?: Record<string, Record<string, [string, string]>>;
  /** npm packs this folder (relative to the package) instead: publishConfig.directory, which npm ignores. */
  npmPackDir?: string;
  /** Run `npm run <script>` before npm packs (what trustpub runs before packing a publishConfig.directory). */
  npmBefore?: string;
  /** A variant of the fixture: its package.json is changed like this (in both copies) before packing. */
  variant?: {
    label: string;
    mutate: (manifest: Record<string, Record<string, string> | string>) => void;
  };
}

/**
 * The npm corpus. The pnpm, yarn and bun workspaces (ws-pnpm, ws-yarn, ws-bun) are compared with the
 * real managers in parity-managers.test.ts; ws-npm stays here: npm itself leaves `workspace:` ranges
 * literal (and cannot install them), so trustpub's replacement is checked against npm's output plus the
 * replaced ranges.
 */
export const CASES: ParityCase[] = [
  { fixture: 'basic-unscoped', pkg: '' },
  { fixture: 'scoped-files', pkg: '' },
  { fixture: 'npmignore', pkg: '' },
  { fixture: 'bin-object', pkg: '' },
  { fixture: 'bin-string-scoped', pkg: '' },
  { fixture: 'bundled', pkg: '' },
  { fixture: 'readme-license', pkg: '' },
  { fixture: 'publish-config', pkg: '' },
  { fixture: 'publish-directory', pkg: '', npmPackDir: './dist', npmBefore: 'prepack' },
  { fixture: 'prerelease', pkg: '' },
  { fixture: 'lifecycle', pkg: '' },
  { fixture: 'edge-cases', pkg: '' },
  {
    // arborist lets the devDependencies edge replace the dependencies edge, so npm does not bundle it.
    fixture: 'bundled',
    pkg: '',
    variant: {
      label: 'dependency also in devDependencies',
      mutate: (m) => {
        m.version = '1.2.1';
        (m.devDependencies as Record<string, string>)['dep-a'] = '^1.0.0';
      },
    },
  },
  {
    fixture: 'ws-npm',
    pkg: 'packages/x',
    replaced: { dependencies: { '@wsn/y': ['workspace:*', '0.5.1'] } },
  },
];

/** Copies a fixture into a fresh temp dir (plus its node_modules from _node_modules/<fixture>). */
export async function copyFixture(fixture: string): Promise<string> {
  const parent = tempDir(`parity-${fixture}-`);
  // The run's temp dir lies inside this repository: an empty .git here stops npm's (and trustpub's)
  // gitHead lookup, which would otherwise read whatever commit the repository is at that moment.
  await mkdir(path.join(parent, '.git'));
  const dir = path.join(parent, fixture);
  await cp(path.join(FIXTURES, fixture), dir, { recursive: true });
  const modules = path.join(FIXTURES, '_node_modules', fixture);
  await cp(modules, path.join(dir, 'node_modules'), { recursive: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    },
  );
  return dir;
}

/** A fresh copy of a case's package directory, with its variant applied. */
export async function copyCase(c: ParityCase): Promise<string> {
  const dir = path.join(await copyFixture(c.fixture), c.pkg);
  if (c.variant) {
    const file = path.join(dir, 'package.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<
      string,
      Record<string, string> | string
    >;
    c.variant.mutate(manifest);
    await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return dir;
}

/** The test title of a case. */
export function caseTitle(c: ParityCase): string {
  return `${c.fixture}${c.pkg ? `/${c.pkg}` : ''}${c.variant ? ` (${c.variant.label})` : ''}`;
}

/** Runs the pinned npm 11 CLI with a pinned registry and an empty userconfig. */
export async function runNpm(
  args: string[],
  cwd: string,
  registry = 'http://127.0.0.1:9/',
  env: Record<string, string> = {},
): Promise<ProcessRun> {
  const userconfig = path.join(tempDir('parity-npmrc-'), 'npmrc');
  await writeFile(userconfig, '');
  return runNode(NPM_CLI, [...args, '--registry', registry, '--userconfig', userconfig], {
    cwd,
    env: {
      npm_config_registry: registry,
      npm_config_userconfig: userconfig,
      npm_config_update_notifier: 'false',
      ...env,
    },
  });
}

/** `npm pack` of `dir`; returns the tarball path. */
export async function npmPack(dir: string, spec = '.'): Promise<string> {
  const dest = tempDir('parity-npm-pack-');
  await mkdir(dest, { recursive: true });
  const run = await runNpm(['pack', spec, '--json', '--pack-destination', dest], dir);
  if (run.code !== 0) throw new Error(`npm pack failed in ${dir}:\n${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { filename: string }[];
  return path.join(dest, result!.filename);
}

export interface TarEntry {
  mode: number;
  content: Buffer;
}

/** Every file of a tarball: path (without the package/ prefix) -> mode and bytes; header facts too. */
export async function readTar(
  data: Uint8Array,
): Promise<Map<string, TarEntry & { header: string }>> {
  const out = new Map<string, TarEntry & { header: string }>();
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry) => {
        const parts: Buffer[] = [];
        entry.on('data', (c: Buffer) => parts.push(c));
        entry.on('end', () =>
          out.set(entry.path.replace(/^package\//, ''), {
            mode: entry.mode ?? 0,
            content: Buffer.concat(parts),
            header: JSON.stringify({
              type: entry.type,
              mtime: entry.mtime?.toISOString(),
              uid: entry.uid,
              gid: entry.gid,
              uname: entry.uname,
              gname: entry.gname,
              prefix: entry.path.split('/')[0],
            }),
          }),
        );
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.end(Buffer.from(data));
  });
  return out;
}

/** npm's packed package.json text with the expected replacements applied, to compare byte for byte. */
export function applyReplacements(
  npmText: string,
  replaced: NonNullable<ParityCase['replaced']>,
): string {
  let text = npmText;
  for (const deps of Object.values(replaced)) {
    for (const [dep, [from, to]] of Object.entries(deps)) {
      const pattern = `"${dep}": "${from}"`;
      if (!text.includes(pattern)) throw new Error(`fixture text lacks ${pattern}`);
      text = text.replace(pattern, `"${dep}": "${to}"`);
    }
  }
  return text;
}
