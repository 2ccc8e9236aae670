// Step: configure the trusted publishers for GitHub Actions with `trustpub trust sync --bootstrap`.
import type { UserToken } from '@trustpub/sandbox';
import type { StepIo } from './demo-report.js';
import { need, type DemoState } from './demo-state.js';
import { output, trustpub } from './demo-tools.js';
import { GITHUB_WORKFLOW, SLUG } from './example-monorepo.js';
import { checkTrustedFor } from './trust-check.js';

/** The variable the maintainer's npm token travels in (never a flag, never printed). */
export const USER_TOKEN_VAR = 'ACME_NPM_TOKEN';

/**
 * `trustpub trust sync --workspaces <mode> --yes` in the repository as the maintainer (the token in
 * USER_TOKEN_VAR, the one-time password in NPM_CONFIG_OTP), quoting the lines that match `shown`; a
 * non-zero exit fails the step.
 */
export async function syncTrust(
  io: StepIo,
  dir: string,
  user: UserToken,
  mode: '--bootstrap' | '--replace',
  shown: RegExp,
): Promise<void> {
  const run = await trustpub(
    ['trust', 'sync', '--workspaces', mode, '--yes', '--token-env', USER_TOKEN_VAR],
    dir,
    {
      [USER_TOKEN_VAR]: user.token,
      NPM_CONFIG_OTP: user.otp(),
    },
  );
  const lines = io.quote('trustpub trust sync', output(run), (l) => shown.test(l));
  io.check(
    run.code === 0,
    `trustpub trust sync ${mode} exited ${run.code}: ${lines.filter(Boolean).slice(-3).join(' ')}`,
  );
}

/** Bootstraps the three packages and trusts the GitHub workflow for them. */
export async function trustGithubStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = need(state, 'sandbox');
  const repo = need(state, 'repo');
  const user = await sandbox.createUserToken();
  state.user = user;
  io.say(
    'None of the three packages exists yet, and a trusted publisher can only be attached to an existing package. ' +
      `\`trustpub trust sync --workspaces --bootstrap\` reads .trustpub.json (provider github, workflow ${GITHUB_WORKFLOW}), ` +
      "publishes a labelled placeholder 0.0.0-trustpub.bootstrap for each package with the maintainer's token, then tells the " +
      `registry that only ${GITHUB_WORKFLOW} in ${SLUG} may publish them. The token comes from $${USER_TOKEN_VAR} and the ` +
      'one-time password from NPM_CONFIG_OTP; neither is printed.',
  );
  await syncTrust(
    io,
    repo.dir,
    user,
    '--bootstrap',
    /^\s*(bootstrap|create|ok|different|missing)\s|published|created|configured|\d+ to create|^Trust plan/i,
  );
  await checkTrustedFor(
    io,
    sandbox,
    user,
    `github ${SLUG} ${GITHUB_WORKFLOW}`,
    `GitHub ${SLUG} ${GITHUB_WORKFLOW}`,
  );
  return `3 placeholders published, 3 GitHub trusted publishers (${GITHUB_WORKFLOW})`;
}
