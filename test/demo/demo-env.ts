// The demo's own hermetic machine: one temp directory holds everything it creates (work trees, the
// sandbox state, the npm cache, an empty user npmrc, an empty git config), and the process environment
// is cleaned of anything from the developer's shell that could make a tool reach another registry,
// pick up a real token or believe it runs in a real CI job.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Variables from the caller's shell that must not leak into the simulated jobs (same list as the test runner). */
const FOREIGN =
  /^(GITHUB_|RUNNER_|ACTIONS_|GITLAB_|CI_|CIRCLE|NPM_ID_TOKEN|SIGSTORE_ID_TOKEN|NPM_TOKEN|NODE_AUTH_TOKEN|NPM_CONFIG_OTP|npm_config_|npm_lifecycle_|npm_package_|INIT_CWD)/i;

export interface DemoEnv {
  /** The one directory everything lives in; removed by `cleanup()`. */
  base: string;
  /** The file the sandbox appends every minted token to (the test runner's, or the demo's own). */
  mintedLog: string;
  /** Points npm at the sandbox from now on (every child inherits it). */
  pinRegistry(registry: string): void;
  /** Removes `base`; true when it is gone. */
  cleanup(): boolean;
}

/**
 * Creates the demo's temp directory and rewrites `process.env` (which every tool the demo starts
 * inherits) so the run depends on nothing outside it. Under the test runner the runner's minted-token
 * log and network guard are kept; outside it the demo keeps its own minted log so it can check its
 * own output for tokens.
 */
export function prepareDemoEnv(): DemoEnv {
  const base = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'trustpub-demo-'));
  for (const key of Object.keys(process.env)) if (FOREIGN.test(key)) delete process.env[key];
  const userconfig = path.join(base, 'empty-npmrc');
  const gitconfig = path.join(base, 'empty-gitconfig');
  fs.writeFileSync(userconfig, '');
  fs.writeFileSync(gitconfig, '');
  const mintedLog = process.env.TRUSTPUB_SANDBOX_MINTED_LOG ?? path.join(base, 'minted-tokens.log');
  Object.assign(process.env, {
    // Every temp dir a helper makes (os.tmpdir()) and the sandbox's own state dir land inside `base`.
    TMPDIR: base,
    TRUSTPUB_SANDBOX_MINTED_LOG: mintedLog,
    // Until the sandbox is up, anything that forgets to pin its registry lands on a dead loopback port.
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_userconfig: userconfig,
    npm_config_cache: path.join(base, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_loglevel: 'warn',
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Acme Demo',
    GIT_AUTHOR_EMAIL: 'demo@acme.invalid',
    GIT_COMMITTER_NAME: 'Acme Demo',
    GIT_COMMITTER_EMAIL: 'demo@acme.invalid',
    GIT_TERMINAL_PROMPT: '0',
    CI: 'false',
  });
  return {
    base,
    mintedLog,
    pinRegistry(registry) {
      process.env.npm_config_registry = registry;
    },
    cleanup() {
      fs.rmSync(base, { recursive: true, force: true, maxRetries: 3 });
      return !fs.existsSync(base);
    },
  };
}
