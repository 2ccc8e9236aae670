// Keeps the documented installation true: the README and each face's README and docs page say how to
// install it; every install command in the docs names packages this repository publishes (or the tools
// they plug into); and every command the docs run through npx is a bin of a package the README installs,
// present in the tarball `npm pack` (the real npm) would publish.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, NPM_CLI } from './support/paths.js';
import { runProcess } from './support/processes.js';
import { baseEnv } from './cli-harness.js';

interface Workspace {
  dir: string;
  name: string;
  private: boolean;
  bins: string[];
}

const workspaces: Workspace[] = fs
  .readdirSync(path.join(REPO_ROOT, 'packages'))
  .map((d) => path.join(REPO_ROOT, 'packages', d))
  .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
  .map((dir) => {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
      private?: boolean;
      bin?: Record<string, string>;
    };
    return { dir, name: m.name, private: m.private === true, bins: Object.keys(m.bin ?? {}) };
  });
const publishable = new Map(workspaces.filter((w) => !w.private).map((w) => [w.name, w]));
/** The tools the faces plug into, which the docs install next to them. */
const TOOLS = new Set(['semantic-release', '@changesets/cli']);

function page(rel: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
}

function docPages(): string[] {
  const pages = ['README.md'];
  for (const f of fs.readdirSync(path.join(REPO_ROOT, 'docs')))
    if (f.endsWith('.md')) pages.push(`docs/${f}`);
  for (const w of workspaces)
    if (fs.existsSync(path.join(w.dir, 'README.md')))
      pages.push(path.relative(REPO_ROOT, path.join(w.dir, 'README.md')));
  return pages;
}

/** The package names of every install command on a page (npm, pnpm, yarn and bun spellings). */
function installed(text: string): string[][] {
  const found: string[][] = [];
  const re =
    /\b(?:npm (?:install|i) (?:--save-dev|-D)|pnpm add -D|yarn add -D|bun add -d)((?: +[@\w][\w@./-]*)+)/g;
  for (const m of text.matchAll(re)) found.push(m[1]!.trim().split(/ +/));
  return found;
}

const FACES: Record<string, string[]> = {
  trustpub: ['packages/cli/README.md', 'docs/cli.md'],
  '@trustpub/semantic-release': ['packages/semantic-release/README.md', 'docs/semantic-release.md'],
  '@trustpub/changesets': ['packages/changesets/README.md', 'docs/changesets.md'],
  '@trustpub/sandbox': ['packages/sandbox/README.md', 'docs/sandbox.md'],
};

test('the README and every face page say how to install the face', () => {
  const readme = installed(page('README.md')).flat();
  for (const [name, pages] of Object.entries(FACES)) {
    assert.ok(readme.includes(name), `README.md has no install command for ${name}`);
    for (const p of pages)
      assert.ok(
        installed(page(p)).some((names) => names.includes(name)),
        `${p} has no install command for ${name}`,
      );
  }
});

test('every documented install names a package this repository publishes, or the tool it plugs into', () => {
  let commands = 0;
  for (const p of docPages()) {
    for (const names of installed(page(p))) {
      commands += 1;
      for (const name of names) {
        if (TOOLS.has(name)) continue;
        // Other packages in the docs' examples (a private dependency being installed) are not ours to check.
        if (!name.startsWith('@trustpub/') && name !== 'trustpub') continue;
        assert.ok(
          publishable.has(name),
          `${p}: installs ${name}, which no public workspace package is`,
        );
      }
    }
  }
  assert.ok(commands >= 8, `install commands found: ${commands}`);
});

test('every command the docs run with npx comes from a package the README installs, and its bin is in the tarball', async () => {
  const readme = new Set(installed(page('README.md')).flat());
  const binOf = new Map<string, Workspace>();
  for (const w of publishable.values()) for (const b of w.bins) binOf.set(b, w);
  const used = new Set<string>();
  for (const p of docPages())
    for (const m of page(p).matchAll(/\bnpx (?:-y )?((?:@trustpub\/)?[a-z][\w-]*)/g))
      if (binOf.has(m[1]!)) used.add(m[1]!);
  for (const bin of ['trustpub', 'changeset-oidc', 'trustpub-sandbox'])
    assert.ok(used.has(bin), `the docs run ${bin} with npx`);
  for (const bin of used) {
    const w = binOf.get(bin)!;
    assert.ok(readme.has(w.name), `README.md runs npx ${bin} but does not install ${w.name}`);
    const pack = await runProcess(
      process.execPath,
      [NPM_CLI, 'pack', '--dry-run', '--json', '--ignore-scripts'],
      { cwd: w.dir, env: { ...baseEnv(), npm_config_registry: 'http://127.0.0.1:9/' } },
    );
    assert.equal(pack.code, 0, pack.stderr);
    const files = (JSON.parse(pack.stdout) as [{ files: { path: string }[] }])[0].files.map(
      (f) => f.path,
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(w.dir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const target = path.posix.normalize(manifest.bin[bin]!);
    assert.ok(files.includes(target), `${w.name}'s tarball lacks its bin ${target}`);
    // The launcher imports the built program; that must be in the tarball too.
    const launcher = fs.readFileSync(path.join(w.dir, target), 'utf8');
    for (const m of launcher.matchAll(/import '\.\.\/(dist\/[\w./-]+)'/g))
      assert.ok(files.includes(m[1]!), `${w.name}'s tarball lacks ${m[1]}, which ${target} loads`);
  }
});

test('every documented trust command that creates a publisher carries a permission flag (trustpub refuses one without)', () => {
  let checked = 0;
  for (const p of docPages()) {
    if (p === 'docs/errors.md') continue; // the catalogue names command shapes, not commands
    const text = page(p);
    const blocks = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
    const found = [
      ...text.matchAll(/`((?:npx )?trustpub trust (?:github|gitlab|circleci|sync)\b[^`]*)`/g),
      // In code blocks, whatever precedes it on the line (NPM_TOKEN=... , a prompt).
      ...blocks.matchAll(/((?:npx )?trustpub trust (?:github|gitlab|circleci|sync)\b.*)$/gm),
    ].map((m) =>
      m[1]!
        .replace(/\s+#.*$/, '')
        .replace(/\\$/, '')
        .trim(),
    );
    for (const command of found) {
      // A pointer to the command (`trustpub trust circleci ...`) or a usage line, not a command to run.
      if (command.includes('...') || /\[--/.test(command) || /--help\b/.test(command)) continue;
      if (!/ --(?:workspaces|file|repo|project|org-id|provider|config)\b/.test(command)) continue;
      checked += 1;
      assert.match(
        command,
        /--allow-publish|--allow-stage-publish/,
        `${p}: \`${command}\` has no --allow-publish (or --allow-stage-publish): trustpub trust refuses it`,
      );
    }
  }
  assert.ok(checked >= 5, `trust commands checked: ${checked}`);
});
