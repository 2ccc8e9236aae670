// Step: start the sandbox in this process and point every tool at it.
import { startSandbox } from '@trustpub/sandbox';
import type { StepIo } from './demo-report.js';
import type { DemoState } from './demo-state.js';

/** Starts the sandbox (Verdaccio, the OIDC issuer, the exchange, the trust API, a local Sigstore). */
export async function startSandboxStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = await startSandbox();
  state.sandbox = sandbox;
  state.env.pinRegistry(sandbox.registry);
  io.say(
    'The sandbox is a local stand-in for npmjs: a real Verdaccio behind a gateway that does what npmjs does for trusted publishing ' +
      '(the OIDC token exchange, the trust API with 2FA, provenance checks), an OIDC issuer that mints GitHub Actions and GitLab CI ' +
      'ID tokens, and a local Sigstore (Fulcio, Rekor). Everything listens on 127.0.0.1; every tool below is pinned to it.',
  );
  io.quote(
    'sandbox',
    [
      `registry  ${sandbox.registry}`,
      `issuer    ${sandbox.issuer}`,
      `sigstore  ${sandbox.fulcioUrl}`,
    ].join('\n'),
  );
  return `registry on ${new URL(sandbox.registry).host}`;
}
