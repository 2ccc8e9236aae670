// `npm run demo`: the whole trustpub story against a local sandbox, in under a minute. Starts the
// sandbox, creates an example monorepo, configures its trusted publishers, releases it from a simulated
// GitHub job (semantic-release) and a simulated GitLab job (changesets), installs it with a read-only
// token, verifies it, and shows a refused workflow with its diagnosis. Exits non-zero if any step did
// not do what it should; leaves nothing behind.
import { DemoReport, type StepIo } from './demo-report.js';
import { prepareDemoEnv } from './demo-env.js';
import { mintedTokens } from './demo-secrets.js';
import type { DemoState } from './demo-state.js';
import { changesetsStep } from './step-changesets.js';
import { createMonorepoStep } from './step-create-monorepo.js';
import { installStep } from './step-install.js';
import { semanticReleaseStep } from './step-semantic-release.js';
import { startSandboxStep } from './step-start-sandbox.js';
import { trustGithubStep } from './step-trust-github.js';
import { trustGitlabStep } from './step-trust-gitlab.js';
import { untrustedWorkflowStep } from './step-untrusted-workflow.js';
import { verifyStep } from './step-verify.js';

type Step = [title: string, tool: string, body: (state: DemoState, io: StepIo) => Promise<string>];

const STEPS: Step[] = [
  ['Start the sandbox', 'startSandbox()', startSandboxStep],
  ['Create the example monorepo', 'git, sandbox.seed()', createMonorepoStep],
  ['Trust GitHub Actions (bootstrap)', 'trustpub trust sync', trustGithubStep],
  ['Release 1.0.0 from GitHub Actions', 'semantic-release', semanticReleaseStep],
  ['Untrusted workflow is refused', 'trustpub publish', untrustedWorkflowStep],
  ['Move trust to GitLab CI', 'trustpub trust sync', trustGitlabStep],
  ['Release next versions from GitLab CI', 'changeset-oidc publish', changesetsStep],
  ['Install with a read-only token', 'trustpub install-auth + npm', installStep],
  ['Verify integrity and provenance', 'trustpub verify', verifyStep],
];

async function main(): Promise<number> {
  // semantic-release 25 and changesets 3 need Node >= 22; `npm run demo` puts the project's Node 24 first.
  if (Number(process.versions.node.split('.')[0]) < 22) {
    process.stderr.write(
      `The demo needs Node >= 22 (this is ${process.version}). Run it with \`npm run demo\`.\n`,
    );
    return 1;
  }
  const env = prepareDemoEnv();
  const printed: string[] = [];
  const print = (text: string) => {
    printed.push(text);
    process.stdout.write(`${text}\n`);
  };
  const state: DemoState = { env, released: new Map(), origins: new Map() };
  const report = new DemoReport(env.mintedLog, STEPS.length + 1, print);
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return true;
    cleaned = true;
    await state.sandbox?.stop();
    return env.cleanup();
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });

  print('trustpub demo: token-free npm releases from CI, rehearsed against a local registry.');
  print(`Everything happens in ${env.base} (removed at the end); no network beyond 127.0.0.1.`);
  let failed = false;
  for (const [title, tool, body] of STEPS) {
    if (failed) report.skip(title, tool);
    else failed = !(await report.step(title, tool, (io) => body(state, io)));
  }
  // Checked before the minted log (outside the test runner it lives in the temp dir) is removed.
  const tokens = mintedTokens(env.mintedLog);
  const leaked = tokens.some((t) => printed.some((line) => line.includes(t)));
  await report.step('Clean up', 'sandbox.stop(), rm', async (io: StepIo) => {
    const gone = await cleanup();
    io.say(
      'The sandbox is stopped (its registry storage, keys and logs lived in the temp directory) and the temp directory is removed.',
    );
    io.check(gone, `${env.base} is still there`);
    return `sandbox stopped, ${env.base} removed`;
  });
  report.summary([
    '',
    `Tokens: every tool output above was checked against the ${tokens.length} tokens in the sandbox's minted-token log ` +
      `(ID tokens, exchanged tokens, the user and read tokens): ${leaked ? 'one of them was printed, which is a failure.' : 'none was printed.'}`,
  ]);
  return report.ok && !leaked ? 0 : 1;
}

process.exit(await main());
