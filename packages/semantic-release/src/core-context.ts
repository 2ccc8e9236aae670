import { createContext, createSecrets, type CoreContext, type Logger } from '@trustpub/core';
import type { ReleaseContext, ReleaseLogger } from './release-context.js';

/**
 * The core context for one run, built from what semantic-release hands the plugin: its `env` (never
 * `process.env`, so the JS API's custom env is honoured), its `cwd`, and its logger. semantic-release
 * only hides values of environment variables present at start-up; tokens minted during the run (ID
 * tokens, exchanged tokens) are registered in the core's secrets, redacted from every line logged
 * here and, on GitHub Actions, masked in the job log before first use.
 */
export function createCoreContext(
  context: ReleaseContext,
  currentLogger: () => ReleaseLogger,
): CoreContext {
  // Only a runner reads workflow commands, from the step's piped output; on a terminal they would
  // print each token in clear for no reader.
  const github =
    Boolean(context.env.GITHUB_ACTIONS) &&
    !(context.stdout as { isTTY?: boolean } | undefined)?.isTTY;
  const secrets = createSecrets((value) => {
    if (github) context.stdout.write(`::add-mask::${value}\n`);
  });
  const say = (level: 'log' | 'warn' | 'error') => (message: string) => {
    currentLogger()[level](secrets.redact(message));
  };
  const logger: Logger = {
    // semantic-release's logger has no debug level; debug lines would drown the release log.
    debug() {},
    info: say('log'),
    warn: say('warn'),
    error: say('error'),
  };
  return createContext({ env: context.env, cwd: context.cwd, logger, secrets });
}
