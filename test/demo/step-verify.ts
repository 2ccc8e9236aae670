// Step: `trustpub verify` checks every released version (the registry's integrity against the served
// tarball, the provenance bundle against the local Sigstore's trusted root and the tarball digest);
// then the demo reads each provenance statement to show which CI job built which version.
import type { StepIo } from './demo-report.js';
import { need, type DemoState } from './demo-state.js';
import { output, trustpub } from './demo-tools.js';
import { provenanceOrigin } from './provenance-origin.js';
import { tempDir } from '../e2e/support/temp.js';

/** Verifies every version the two releases published and shows where each was built. */
export async function verifyStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = need(state, 'sandbox');
  const specs = [...state.origins.keys()];
  io.check(specs.length > 0, 'nothing was released to verify');
  io.say(
    `\`trustpub verify\` checks each released version (${specs.length} in all): the registry's integrity must match the tarball ` +
      "it serves, and the provenance bundle must verify against the trusted root (the local Sigstore's, given in " +
      "TRUSTPUB_TRUSTED_ROOT) with the tarball's digest as its subject.",
  );
  const cwd = tempDir('verify-');
  const run = await trustpub(['verify', ...specs, '--registry', sandbox.registry], cwd, {
    TRUSTPUB_TRUSTED_ROOT: sandbox.trustedRootPath,
  });
  const lines = io.quote('trustpub verify', output(run), (l) => l.trim().length > 0, 12);
  io.check(
    run.code === 0,
    `trustpub verify exited ${run.code}: ${lines
      .filter((l) => l.trim())
      .slice(-2)
      .join(' ')}`,
  );
  for (const spec of specs) {
    io.check(
      lines.some((l) => l.startsWith(`verified  ${spec} `) && l.includes('provenance verified')),
      `trustpub verify did not report provenance verified for ${spec}`,
    );
  }
  io.say('What each provenance statement says about where the version was built:');
  const origins: string[] = [];
  for (const spec of specs) {
    const at = spec.lastIndexOf('@');
    const origin = await provenanceOrigin(sandbox.registry, spec.slice(0, at), spec.slice(at + 1));
    origins.push(`${spec.padEnd(24)} ${origin.text}`);
    const expected = state.origins.get(spec);
    io.check(
      origin.provider === expected,
      `${spec} was published from ${expected ?? '?'} but its provenance says ${origin.text}`,
    );
  }
  io.quote('provenance', origins.join('\n'), () => true, 12);
  return `${specs.length} versions: integrity and provenance verified`;
}
