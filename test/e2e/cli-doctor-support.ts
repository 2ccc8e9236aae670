// Shared set-up of the cli-doctor suites: one sandbox with the packages they check (trusted, trusted in
// an environment, unscoped, untrusted) and `trustpub doctor --json` run in a fresh package directory.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { GithubJobOptions, Sandbox } from '@trustpub/sandbox';
import {
  baseEnv,
  REPO,
  runTrustpub,
  tempDir,
  trust,
  WORKFLOW,
  writePackage,
  type FixturePackage,
} from './cli-harness.js';
import { useSandbox } from './support/sandbox.js';

export interface Finding {
  code: string;
  severity: string;
  packageName?: string;
  message: string;
  hint: string;
}

export function useDoctorSandbox(): Sandbox {
  return useSandbox(undefined, {
    setUp: async (sandbox) => {
      for (const name of [
        '@acme/ok',
        '@acme/envpkg',
        'plain-unscoped',
        '@acme/elsewhere',
        '@acme/untrusted',
      ])
        await sandbox.seed(name, '0.0.1');
      for (const name of ['@acme/ok', 'plain-unscoped', '@acme/elsewhere'])
        await trust(sandbox, name);
      await trust(sandbox, '@acme/envpkg', { environment: 'production' });
    },
  });
}

/** `trustpub doctor --json` in a new directory holding `p`, in a GitHub job (or none) on the sandbox. */
export function doctorHelpers(sandbox: Sandbox) {
  async function doctor(
    p: FixturePackage,
    job: Partial<GithubJobOptions> | undefined,
    opts: { args?: string[]; env?: Record<string, string | undefined>; npmrc?: string } = {},
  ): Promise<{ code: number; findings: Finding[]; stdout: string; stderr: string }> {
    const dir = tempDir('doctor-');
    writePackage(dir, p);
    if (opts.npmrc) fs.writeFileSync(path.join(dir, '.npmrc'), opts.npmrc);
    const ci = job
      ? await sandbox.ciEnv('github', {
          repo: REPO,
          workflow: WORKFLOW,
          visibility: 'private',
          ...job,
        })
      : { npm_config_registry: sandbox.registry };
    const env: Record<string, string> = { ...baseEnv(), ...ci };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const run = await runTrustpub(['doctor', '--json', ...(opts.args ?? [])], { cwd: dir, env });
    const parsed = JSON.parse(run.stdout) as { ok: boolean; findings: Finding[] };
    assert.equal(parsed.ok, run.code === 0);
    return { code: run.code, findings: parsed.findings, stdout: run.stdout, stderr: run.stderr };
  }
  return { doctor };
}

export const only = (findings: Finding[], code: string): Finding => {
  const hit = findings.filter((f) => f.code === code);
  assert.equal(hit.length, 1, `one ${code} in ${JSON.stringify(findings, null, 2)}`);
  return hit[0] as Finding;
};
