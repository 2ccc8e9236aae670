// Shared set-up of the core-exchange suites: one sandbox with a GitHub and a GitLab trusted publisher,
// a context that keeps every log line, and the assertion that no token minted in the run shows up in a
// log line or an error.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  audienceFor,
  detectCi,
  exchangeToken,
  getIdToken,
  isTrustpubError,
  type CoreContext,
  type TrustpubError,
  type TrustpubErrorCode,
} from '@trustpub/core';
import type { githubClaims, Sandbox } from '@trustpub/sandbox';
import { recordingContext } from './support/context.js';
import { useSandbox } from './support/sandbox.js';

export const PKG = '@e2e/core-exchange';
export const CIRCLE_JOB_OPTS = {
  orgId: '11111111-1111-4111-8111-111111111111',
  projectId: '22222222-2222-4222-8222-222222222222',
  pipelineDefinitionId: '33333333-3333-4333-8333-333333333333',
  vcsOrigin: 'github.com/o/r',
};
export const REPO = 'octo-org/octo-repo';
/** Every token the run announced through onSecret: none may appear in a log line or an error. */
export const minted: string[] = [];
/**
 * Every exchange exchangeIn() started. A test may use only the ID token and leave its exchange running;
 * the sandbox stops once they have ended. Settled only then, so a rejection nobody handled still fails the file.
 */
const started: Promise<unknown>[] = [];

/** The suite's sandbox: PKG trusts REPO's release.yml in environment npm; @e2e/core-gitlab trusts grp/proj. */
export function useExchangeSandbox(): Sandbox {
  return useSandbox(undefined, {
    beforeStop: async () => {
      await Promise.allSettled(started);
    },
    setUp: async (sandbox) => {
      await sandbox.seed(PKG);
      await sandbox.setTrust(PKG, {
        type: 'github',
        claims: { repository: REPO, workflow_ref: { file: 'release.yml' }, environment: 'npm' },
        permissions: ['createPackage'],
      });
      await sandbox.seed('@e2e/core-gitlab');
      await sandbox.setTrust('@e2e/core-gitlab', {
        type: 'gitlab',
        claims: { project_path: 'grp/proj', ci_config_ref_uri: { file: '.gitlab-ci.yml' } },
        permissions: ['createPackage'],
      });
    },
  });
}

/** A context over a CI job's environment that keeps every log line for the secret assertions. */
export function jobContext(
  env: Record<string, string | undefined>,
): CoreContext & { lines: string[] } {
  return recordingContext({ env, onSecret: (v) => minted.push(v) });
}

/** A GitHub job on the sandbox's issuer, and the ID token plus exchange it leads to. */
export function exchangeHelpers(sandbox: Sandbox) {
  const githubJob = (o: Partial<Parameters<typeof githubClaims>[0]> = {}) =>
    sandbox.ciEnv('github', { repo: REPO, workflow: 'release.yml', environment: 'npm', ...o });

  async function exchangeIn(env: Record<string, string>, name = PKG) {
    const ctx = jobContext(env);
    const ci = detectCi(ctx);
    assert.ok(ci);
    const idToken = await getIdToken(ci, audienceFor(sandbox.registry), ctx);
    const result = exchangeToken(
      { registry: sandbox.registry, packageName: name, idToken, ci },
      ctx,
    );
    started.push(result);
    return { ctx, ci, idToken, result };
  }
  return { githubJob, exchangeIn };
}

/** Asserts the code, and that neither the log nor the error (as JSON) holds any token seen in the run. */
export function expectCode(
  error: unknown,
  code: TrustpubErrorCode,
  ctx: { lines: string[] },
): TrustpubError {
  assert.ok(isTrustpubError(error), String(error));
  assert.equal(error.code, code, `${error.code}: ${error.message}`);
  assertNoSecrets(`${JSON.stringify(error.toJSON())}\n${error.message}\n${ctx.lines.join('\n')}`);
  return error;
}

export function assertNoSecrets(text: string): void {
  for (const secret of minted)
    assert.ok(!text.includes(secret), 'a token appeared in a log line or error');
}

/**
 * Answers the sandbox never gives (GitHub's token endpoint failing, npmjs's 403/500/malformed 2xx): a
 * loopback server speaking the same protocol, scripted per request.
 */
export async function scripted(
  answers: { status: number; body: string }[],
): Promise<{ url: string; hits: () => number; seen: string[]; close: () => Promise<void> }> {
  let hits = 0;
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(
      `${req.method} ${req.url} ${req.headers['content-length'] ?? '-'} ${String(req.headers['npm-command'] ?? '-')}`,
    );
    const a = answers[Math.min(hits++, answers.length - 1)]!;
    req.resume();
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits: () => hits, seen, close: () => new Promise((r) => server.close(() => r())) };
}
