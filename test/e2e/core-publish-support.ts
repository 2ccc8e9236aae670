// Shared set-up of the core-publish suites: one sandbox whose packages trust REPO's release.yml, a
// package directory per case, and publishPackage() run with a check that no token reaches the result
// or the log.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  publishPackage,
  type CoreContext,
  type PublishOptions,
  type PublishResult,
  type TrustpubErrorCode,
} from '@trustpub/core';
import type { Sandbox } from '@trustpub/sandbox';
import { recordingContext } from './support/context.js';
import { tempDir } from './support/temp.js';
import { useSandbox } from './support/sandbox.js';

export const REPO = 'octo-org/octo-repo';
/** Every token seen in the run: none may appear in a result or a log line. */
export const secrets: string[] = [];

export function useCorePublishSandbox(): Sandbox {
  return useSandbox(undefined, {
    setUp: async (sandbox) => {
      for (const name of ['@e2e/pub-a', '@e2e/pub-dry', '@e2e/pub-prov', 'e2e-pub-unscoped']) {
        await sandbox.seed(name, '0.0.1');
        await sandbox.setTrust(name, {
          type: 'github',
          claims: { repository: REPO, workflow_ref: { file: 'release.yml' } },
          permissions: ['createPackage'],
        });
      }
    },
  });
}

export async function pkg(
  manifest: Record<string, unknown>,
  files: Record<string, string> = { 'index.js': 'module.exports = 1;\n' },
): Promise<string> {
  const dir = tempDir('core-publish-');
  await writeFile(
    join(dir, 'package.json'),
    typeof manifest.__raw === 'string' ? manifest.__raw : `${JSON.stringify(manifest, null, 2)}\n`,
  );
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text);
  return dir;
}

function ctxFor(
  env: Record<string, string | undefined>,
  cwd: string,
): CoreContext & { lines: string[] } {
  return recordingContext({ env, cwd, onSecret: (v) => secrets.push(v) });
}

/** A GitHub job on the sandbox's issuer, and publishPackage() run in it. */
export function publishHelpers(sandbox: Sandbox) {
  const job = (visibility: 'public' | 'private' = 'private') =>
    sandbox.ciEnv('github', { repo: REPO, workflow: 'release.yml', visibility });

  async function run(
    options: PublishOptions,
    env: Record<string, string | undefined>,
  ): Promise<{
    result: PublishResult;
    lines: string[];
    requests: ReturnType<Sandbox['requests']>;
  }> {
    const ctx = ctxFor(env, options.dir);
    const before = sandbox.requests().length;
    const result = await publishPackage(options, ctx);
    const text = `${JSON.stringify(result)}\n${result.status === 'failed' ? `${result.error.message}\n${result.error.hint}` : ''}\n${ctx.lines.join('\n')}`;
    for (const s of secrets)
      assert.ok(!text.includes(s), 'a token appeared in the result or the log');
    return { result, lines: ctx.lines, requests: sandbox.requests().slice(before) };
  }
  return { job, run };
}

export function failedWith(result: PublishResult, code: TrustpubErrorCode) {
  assert.equal(result.status, 'failed', JSON.stringify(result));
  if (result.status !== 'failed') throw new Error('unreachable');
  assert.equal(result.error.code, code, `${result.error.code}: ${result.error.message}`);
  return result.error;
}
