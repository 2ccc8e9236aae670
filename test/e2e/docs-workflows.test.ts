// Keeps the documentation's workflow files and commands true: the README shows exactly docs/workflows/*.yml,
// every workflow block in the docs gives the job an OIDC identity and no write token, every trustpub and
// changeset-oidc flag they use is one the real CLI accepts, and the CLI workflows' publish commands run
// (as dry runs) in a simulated job of their CI against the sandbox.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startSandbox } from '@trustpub/sandbox';
import { parse as parseYaml } from 'yaml';
import { assertNoMintedToken } from './support/tokens.js';
import { baseEnv, REPO, spawnTrustpub, trust, writeNpmWorkspace } from './cli-harness.js';
import { REPO_ROOT, TRUSTPUB_BIN } from './support/paths.js';
import { tempDir } from './support/temp.js';

const WORKFLOW_DIR = path.join(REPO_ROOT, 'docs', 'workflows');
const CHANGESETS_BIN = path.join(REPO_ROOT, 'packages', 'changesets', 'dist', 'bin.js');

type Yaml = Record<string, unknown>;
const PUBLISHES = /trustpub publish|changeset-oidc publish|semantic-release/;

/** Every markdown page whose yaml blocks are workflows a user may copy. */
function docPages(): string[] {
  const pages = [path.join(REPO_ROOT, 'README.md')];
  for (const dir of [
    path.join(REPO_ROOT, 'docs'),
    ...fs
      .readdirSync(path.join(REPO_ROOT, 'packages'))
      .map((p) => path.join(REPO_ROOT, 'packages', p)),
  ]) {
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.md')) pages.push(path.join(dir, f));
  }
  return pages;
}

function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

function allWorkflows(): { where: string; text: string }[] {
  const out = fs.readdirSync(WORKFLOW_DIR).map((f) => ({
    where: `docs/workflows/${f}`,
    text: fs.readFileSync(path.join(WORKFLOW_DIR, f), 'utf8'),
  }));
  for (const page of docPages()) {
    for (const [i, text] of yamlBlocks(fs.readFileSync(page, 'utf8')).entries())
      out.push({ where: `${path.relative(REPO_ROOT, page)} yaml block ${i + 1}`, text });
  }
  return out;
}

function kindOf(doc: Yaml): 'github' | 'gitlab' | 'circleci' | 'other' {
  if (doc.version === 2.1 && doc.jobs && doc.workflows) return 'circleci';
  if (doc.jobs && 'on' in doc) return 'github';
  if (Object.values(doc).some((v) => v && typeof v === 'object' && 'script' in (v as Yaml)))
    return 'gitlab';
  return 'other';
}

/** The shell lines of a workflow (run steps, scripts, commands). */
function shellLines(node: unknown): string[] {
  if (typeof node === 'string') return [];
  if (Array.isArray(node)) return node.flatMap(shellLines);
  if (!node || typeof node !== 'object') return [];
  const lines: string[] = [];
  for (const [k, v] of Object.entries(node as Yaml)) {
    if ((k === 'run' || k === 'command' || k === 'publish') && typeof v === 'string')
      lines.push(...v.split('\n'));
    else if (k === 'run' && v && typeof v === 'object' && typeof (v as Yaml).command === 'string')
      lines.push(...((v as Yaml).command as string).split('\n'));
    else if (k === 'script' && Array.isArray(v))
      lines.push(...v.filter((s): s is string => typeof s === 'string'));
    else lines.push(...shellLines(v));
  }
  return lines;
}

function mentions(node: unknown, pattern: RegExp): boolean {
  return pattern.test(JSON.stringify(node));
}

/** `trustpub ...` / `changeset-oidc ...` invocations in a shell line, as argv. */
function invocations(line: string): { bin: 'trustpub' | 'changeset-oidc'; args: string[] }[] {
  const found: { bin: 'trustpub' | 'changeset-oidc'; args: string[] }[] = [];
  for (const m of line.matchAll(/(?:npx\s+(?:-y\s+)?)?\b(trustpub|changeset-oidc)\s+([^#|&;]*)/g)) {
    const args = (m[2] as string).trim().split(/\s+/).filter(Boolean);
    found.push({ bin: m[1] as 'trustpub' | 'changeset-oidc', args });
  }
  return found;
}

const helpCache = new Map<string, string>();
function helpText(bin: string, args: string[]): string {
  const key = [bin, ...args].join(' ');
  const cached = helpCache.get(key);
  if (cached !== undefined) return cached;
  const text = runHelp(bin, args);
  helpCache.set(key, text);
  return text;
}

function runHelp(bin: string, args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args, '--help'], {
    encoding: 'utf8',
    env: baseEnv(),
  });
  return `${r.stdout}\n${r.stderr}`;
}

/** Every flag of a documented command appears in the help of that command (or of its provider subcommands). */
function assertFlagsKnown(where: string, bin: 'trustpub' | 'changeset-oidc', args: string[]): void {
  const file = bin === 'trustpub' ? TRUSTPUB_BIN : CHANGESETS_BIN;
  const words = args.filter(
    (a) => !a.startsWith('-') && !a.includes('/') && !a.includes('.') && !a.includes('@'),
  );
  const command = words.slice(0, 2);
  let help = helpText(file, command);
  if (command[0] === 'trust')
    for (const p of ['github', 'gitlab', 'circleci']) help += helpText(file, ['trust', p]);
  for (const flag of args.filter((a) => a.startsWith('--'))) {
    const name = flag.split('=')[0] as string;
    assert.ok(
      help.includes(name),
      `${where}: \`${bin} ${args.join(' ')}\` uses ${name}, which \`${bin} ${command.join(' ')} --help\` does not list`,
    );
  }
}

test('README.md shows exactly the workflow files in docs/workflows', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'gen-readme.mjs'), '--check'],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  for (const f of fs.readdirSync(WORKFLOW_DIR))
    assert.ok(
      readme.includes(`<!-- workflow:${f.replace(/\.yml$/, '')} -->`),
      `README does not show ${f}`,
    );
});

test('every documented workflow gives the publishing job an identity and no write token', () => {
  const checked: string[] = [];
  for (const { where, text } of allWorkflows()) {
    const doc = parseYaml(text) as Yaml | null;
    if (!doc || typeof doc !== 'object') continue;
    const kind = kindOf(doc);
    const lines = shellLines(doc);
    const publishes = lines.some((l) => PUBLISHES.test(l));
    if (kind === 'other' || !publishes) continue;
    checked.push(where);
    assert.ok(
      !mentions(doc, /NPM_TOKEN|NODE_AUTH_TOKEN/),
      `${where}: a write token (NPM_TOKEN / NODE_AUTH_TOKEN) would mask OIDC`,
    );
    if (kind === 'github') {
      // Only the jobs that publish need the identity (a build job without it is the safer design).
      const jobs = (Object.values(doc.jobs as Yaml) as Yaml[]).filter((job) =>
        shellLines(job).some((l) => PUBLISHES.test(l)),
      );
      for (const job of jobs) {
        const perms = (job.permissions ?? doc.permissions) as Yaml | undefined;
        assert.equal(
          perms?.['id-token'],
          'write',
          `${where}: the job needs permissions: id-token: write`,
        );
        assert.ok(!mentions(job, /self-hosted/), `${where}: npmjs refuses self-hosted runners`);
        assert.ok(
          !mentions(job, /registry-url/),
          `${where}: setup-node's registry-url writes a placeholder token that masks OIDC`,
        );
      }
    }
    if (kind === 'gitlab') {
      for (const [name, job] of Object.entries(doc) as [string, Yaml][]) {
        if (!job || typeof job !== 'object' || !('script' in job)) continue;
        const ids = job.id_tokens as Record<string, { aud?: string }> | undefined;
        assert.equal(
          ids?.NPM_ID_TOKEN?.aud,
          'npm:registry.npmjs.org',
          `${where} job ${name}: id_tokens NPM_ID_TOKEN with aud npm:registry.npmjs.org`,
        );
      }
    }
    for (const line of lines)
      for (const inv of invocations(line)) assertFlagsKnown(where, inv.bin, inv.args);
  }
  assert.ok(
    checked.length >= 9,
    `expected at least the 9 README workflows, checked ${checked.join(', ')}`,
  );
});

test('every trustpub command in the docs uses flags the CLI accepts', () => {
  for (const page of docPages()) {
    const md = fs.readFileSync(page, 'utf8');
    for (const block of md.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
      for (const line of (block[1] as string).split('\n')) {
        if (line.trim().startsWith('#')) continue;
        for (const inv of invocations(line))
          assertFlagsKnown(path.relative(REPO_ROOT, page), inv.bin, inv.args);
      }
    }
  }
});

test(
  'the CLI workflows publish for real in a simulated job of their CI (dry run)',
  { timeout: 120_000 },
  async () => {
    const sandbox = await startSandbox();
    try {
      const root = tempDir('docs-wf-');
      const names = ['@acme/widget-core', '@acme/widget'];
      writeNpmWorkspace(root, [
        { name: names[0] as string },
        { name: names[1] as string, dependencies: { [names[0] as string]: '^1.0.0' } },
      ]);
      for (const n of names) {
        await sandbox.seed(n, '0.0.1');
        await trust(sandbox, n, { environment: 'npm' });
      }
      const jobs = {
        github: await sandbox.ciEnv('github', {
          repo: REPO,
          workflow: 'release.yml',
          environment: 'npm',
        }),
        gitlab: await sandbox.ciEnv('gitlab', { project: REPO }),
      };
      for (const ci of ['github', 'gitlab'] as const) {
        const doc = parseYaml(
          fs.readFileSync(path.join(WORKFLOW_DIR, `cli.${ci}.yml`), 'utf8'),
        ) as Yaml;
        const commands = shellLines(doc)
          .flatMap(invocations)
          .filter((i) => i.bin === 'trustpub');
        assert.ok(commands.length > 0, `cli.${ci}.yml runs trustpub`);
        for (const inv of commands) {
          const run = await spawnTrustpub([...inv.args, '--dry-run'], {
            cwd: root,
            env: { ...baseEnv(), ...jobs[ci] },
          });
          // GitHub mask lines carry tokens by design; keep them out of assertion messages.
          const output = `${run.stdout}\n${run.stderr}`
            .split('\n')
            .filter((l) => !l.startsWith('::add-mask::'))
            .join('\n');
          assertNoMintedToken(output);
          if (ci === 'github') {
            assert.equal(
              run.code,
              0,
              `cli.github.yml: trustpub ${inv.args.join(' ')} --dry-run\n${output}`,
            );
            for (const n of names) assert.ok(output.includes(n), output);
          } else {
            // The packages trust the GitHub workflow: the GitLab job must be refused before anything is sent, with the reason.
            assert.notEqual(run.code, 0);
            assert.match(output, /\bEXCHANGE_NO_TRUSTED_PUBLISHER\b/, output);
          }
        }
      }
    } finally {
      await sandbox.stop();
    }
  },
);
