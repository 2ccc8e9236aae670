import { loopbackRequest, parseJson, sleep } from './http-util.js';
import { SandboxError } from './sandbox-error.js';
import { readState, type SandboxState } from './state-file.js';
import { totp } from './totp.js';
import type { CiJobOptions, CiProvider, Sandbox, TrustConfig } from './types.js';

/**
 * Attaches to a sandbox running in another process (started with `trustpub-sandbox start --detach`),
 * through its admin endpoint. `requests()` is empty here: the record lives in the other process.
 */
export function connectSandbox(dir: string): Sandbox {
  const state = readState(dir);
  const call = (op: string, args: object = {}) => adminCall(state, op, args);
  return {
    registry: state.registry,
    issuer: state.issuer,
    fulcioUrl: state.fulcioUrl,
    rekorUrl: state.rekorUrl,
    trustedRootPath: state.trustedRoot,
    dir: state.dir,
    seed: async (name, version, manifest) => {
      await call('seed', { name, version, manifest });
    },
    setTrust: async (name, config) => (await call('trust', { name, config })) as TrustConfig,
    async createUserToken(opts = {}) {
      const { token, otpSecret } = (await call('user-token', opts)) as {
        token: string;
        otpSecret: string;
      };
      return { token, otpSecret, otp: () => totp(otpSecret) };
    },
    createReadToken: async () => (await call('read-token')) as string,
    ciEnv: async (provider: CiProvider, opts: CiJobOptions) =>
      (await call('ci-env', { provider, opts })) as Record<string, string>,
    mintIdToken: async (claims, opts) => (await call('mint', { claims, opts })) as string,
    requests: () => [],
    stop: () => stopDetached(state),
  };
}

async function adminCall(state: SandboxState, op: string, args: object): Promise<unknown> {
  const port = Number(new URL(state.registry).port);
  const body = JSON.stringify(args);
  let answer;
  try {
    answer = await loopbackRequest(
      port,
      'POST',
      `/-/trustpub-sandbox/admin/${op}`,
      {
        authorization: `Bearer ${state.adminSecret}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
      body,
    );
  } catch (error) {
    throw new SandboxError(
      `The sandbox in ${state.dir} does not answer at ${state.registry} (${(error as Error).message})`,
      'It has stopped; start it again with `trustpub-sandbox start --detach`.',
    );
  }
  const json = parseJson(answer.body) as
    { result?: unknown; error?: string; hint?: string } | undefined;
  if (answer.status !== 200) {
    throw new SandboxError(
      json?.error ?? `The sandbox answered HTTP ${answer.status}`,
      json?.hint ?? 'Check the command and its arguments.',
    );
  }
  return json?.result;
}

/** Stops a detached sandbox by its pid and waits (up to 10 s) until it is gone. */
async function stopDetached(state: SandboxState): Promise<void> {
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch {
    throw new SandboxError(
      `No sandbox process ${state.pid} is running for ${state.dir}`,
      'It already stopped; remove the directory or start a new sandbox.',
    );
  }
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(state.pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
  throw new SandboxError(
    `Sandbox process ${state.pid} did not stop within 10 s`,
    `Stop it by hand: kill ${state.pid}`,
  );
}
