// A release under faults: a sandbox, the fault proxy in front of its registry and of its issuer, a
// small npm workspace whose packages are seeded and trusted, and a CI job pointed at the proxies. The
// checks say what the registry finally holds and whether a report told the truth about it.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  startSandbox,
  type RecordedRequest,
  type Sandbox,
  type SandboxOptions,
} from '@trustpub/sandbox';
import {
  baseEnv,
  REPO,
  runTrustpub,
  trust,
  WORKFLOW,
  writeNpmWorkspace,
  type CliRun,
  type FixturePackage,
} from '../cli-harness.js';
import { once } from './corpus.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { tempDir } from './temp.js';

/** a, b independent; c needs a. */
export const FAULT_PACKAGES: FixturePackage[] = [
  { name: '@fault/a' },
  { name: '@fault/b' },
  { name: '@fault/c', dependencies: { '@fault/a': '^1.0.0' } },
];

export interface FaultWorld {
  sandbox: Sandbox;
  proxy: FaultProxy;
  issuerProxy: FaultProxy;
  root: string;
  env: Record<string, string>;
  packages: FixturePackage[];
  /** The GITHUB_OUTPUT file of the job (GitHub jobs). */
  outputFile: string;
  /** Requests recorded by sandboxes this world has since restarted. */
  history: RecordedRequest[];
  /** Stops the sandbox and starts it again on the same ports and state directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  packages?: FixturePackage[];
  visibility?: 'public' | 'private';
  /** GitLab jobs carry their ID token in NPM_ID_TOKEN (no issuer call: survives a registry restart). */
  provider?: 'github' | 'gitlab';
  sandbox?: SandboxOptions;
  /** Environment additions (timeouts, retries). */
  env?: Record<string, string>;
}

export async function startFaultWorld(o: WorldOptions = {}): Promise<FaultWorld> {
  const packages = o.packages ?? FAULT_PACKAGES;
  const dir = tempDir('faults-sandbox-');
  const sandbox = await startSandbox({ dir, ...o.sandbox });
  const proxy = await startFaultProxy(sandbox.registry);
  const issuerProxy = await startFaultProxy(sandbox.issuer);
  const root = tempDir('faults-');
  writeNpmWorkspace(root, packages);
  const provider = o.provider ?? 'github';
  for (const p of packages) {
    await once(() => sandbox.seed(p.name, '0.0.1'));
    if (provider === 'github') await once(() => trust(sandbox, p.name));
    else
      await once(() =>
        sandbox.setTrust(p.name, {
          type: 'gitlab',
          claims: { project_path: REPO, ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
          permissions: ['createPackage'],
        }),
      );
  }
  const visibility = o.visibility ?? 'private';
  const job =
    provider === 'github'
      ? await sandbox.ciEnv('github', { repo: REPO, workflow: WORKFLOW, visibility })
      : await sandbox.ciEnv('gitlab', { project: REPO, visibility });
  if (job.ACTIONS_ID_TOKEN_REQUEST_URL) {
    const u = new URL(job.ACTIONS_ID_TOKEN_REQUEST_URL);
    u.host = new URL(issuerProxy.url).host;
    job.ACTIONS_ID_TOKEN_REQUEST_URL = u.href;
  }
  const outputFile = path.join(root, 'github-output.txt');
  fs.writeFileSync(outputFile, '');
  const env: Record<string, string> = {
    ...baseEnv(),
    ...job,
    npm_config_registry: proxy.url,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: path.join(root, 'github-summary.md'),
    // Short enough that nothing waits long, long enough that a busy machine does not time out a
    // healthy request (the hang tests set one kind to a second).
    TRUSTPUB_RETRY_DELAY_MS: '50',
    TRUSTPUB_TIMEOUT_ID_TOKEN: '5',
    TRUSTPUB_TIMEOUT_EXCHANGE: '5',
    TRUSTPUB_TIMEOUT_VISIBILITY: '5',
    TRUSTPUB_TIMEOUT_PACKUMENT: '5',
    TRUSTPUB_TIMEOUT_UPLOAD: '10',
    ...o.env,
  };
  const w: FaultWorld = {
    sandbox,
    proxy,
    issuerProxy,
    root,
    env,
    packages,
    outputFile,
    history: [],
    async restart() {
      const port = Number(new URL(w.sandbox.registry).port);
      const issuerPort = Number(new URL(w.sandbox.issuer).port);
      // After the stop: the requests in flight are answered (and recorded) while it drains.
      await w.sandbox.stop();
      w.history.push(...w.sandbox.requests());
      w.sandbox = await startSandbox({ dir, ...o.sandbox, port, issuerPort });
    },
    async stop() {
      await proxy.stop();
      await issuerProxy.stop();
      await w.sandbox.stop();
    },
  };
  return w;
}

export interface ReportEntry {
  name: string;
  version?: string;
  status: string;
  outcome: 'published' | 'not-published' | 'unknown';
  integrity?: string;
  provenance?: unknown;
  error?: { code: string; message: string; hint: string; details?: Record<string, unknown> };
}
export interface Report {
  ok: boolean;
  results: ReportEntry[];
  findings: { code: string; severity: string }[];
}

/** `trustpub publish --workspaces --json` in the world; the run and its parsed report. */
export async function release(
  w: FaultWorld,
  args: string[] = [],
): Promise<{ run: CliRun; report: Report; byName: Record<string, ReportEntry> }> {
  const run = await runTrustpub(['publish', '--workspaces', '--json', ...args], {
    cwd: w.root,
    env: w.env,
  });
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(
      `no JSON report (exit ${run.code}):\n${unmasked(run.stdout)}\n${unmasked(run.stderr)}`,
    );
  }
  return { run, report, byName: Object.fromEntries(report.results.map((r) => [r.name, r])) };
}

interface StoredVersion {
  dist?: { integrity?: string; tarball?: string; attestations?: unknown };
}

/** The version as the registry serves it (read directly, not through the proxy). */
export async function stored(w: FaultWorld, name: string): Promise<StoredVersion | undefined> {
  const res = await fetch(new URL(`${name.replace('/', '%2f')}?write=true`, w.sandbox.registry));
  if (res.status !== 200) return undefined;
  const doc = (await res.json()) as { versions?: Record<string, StoredVersion> };
  return doc.versions?.['1.0.0'];
}

/**
 * The registry's final state: every package's 1.0.0 stored by exactly one successful upload, its
 * tarball matching the stored integrity, and (when promised) an attestation served for it.
 */
export async function assertComplete(
  w: FaultWorld,
  opts: { attestations?: boolean } = {},
): Promise<void> {
  for (const p of w.packages) {
    const v = await stored(w, p.name);
    assert.ok(v?.dist?.integrity, `${p.name}@1.0.0 is not on the registry`);
    const tgz = await fetch(new URL(new URL(v.dist.tarball ?? '').pathname, w.sandbox.registry));
    assert.equal(tgz.status, 200, `${p.name}: tarball`);
    const sha = crypto
      .createHash('sha512')
      .update(Buffer.from(await tgz.arrayBuffer()))
      .digest('base64');
    assert.equal(
      v.dist.integrity,
      `sha512-${sha}`,
      `${p.name}: the stored tarball matches its integrity`,
    );
    // Every upload the registry stored, the ones before a restart included.
    assert.equal(uploadsOf(w, p.name), 1, `${p.name} stored by exactly one upload`);
    if (opts.attestations) {
      const att = await fetch(new URL(`-/npm/v1/attestations/${p.name}@1.0.0`, w.sandbox.registry));
      assert.equal(att.status, 200, `${p.name}: attestation served`);
    }
  }
}

/** Every entry of a report says what the registry holds (an unknown outcome may be either). */
export async function assertReportTrue(w: FaultWorld, report: Report): Promise<void> {
  for (const r of report.results) {
    const v = await stored(w, r.name);
    if (r.outcome === 'published') {
      assert.ok(v, `${r.name}: reported published but not on the registry`);
      if (r.integrity) assert.equal(v.dist?.integrity, r.integrity, `${r.name}: integrity`);
    } else if (r.outcome === 'not-published') {
      assert.equal(v, undefined, `${r.name}: reported not published but the registry has it`);
    }
  }
}

/** The last `published-packages` step output the job wrote. */
export function publishedOutput(w: FaultWorld): string[] {
  const text = fs.readFileSync(w.outputFile, 'utf8');
  const blocks = [...text.matchAll(/published-packages<<(\S+)\n([\s\S]*?)\n\1\n/g)];
  const last = blocks.at(-1)?.[2];
  if (last === undefined) return [];
  return (JSON.parse(last) as { name: string }[]).map((p) => p.name).sort();
}

/** Successful uploads of a package the sandbox recorded. */
export function uploadsOf(w: FaultWorld, name: string): number {
  return [...w.history, ...w.sandbox.requests()].filter(
    (r) => r.method === 'PUT' && r.status < 300 && r.path === `/${name.replace('/', '%2f')}`,
  ).length;
}

/** Output without GitHub's `::add-mask::` lines (they hold the tokens, by design), for messages. */
export function unmasked(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}
