import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';
import { NO_ANSWER } from './no-answer.js';

const OTP_ELSEWHERE =
  'Pass --otp CODE (or set NPM_CONFIG_OTP), or run the command in a terminal to be asked for it';

const PACKAGE_NAME =
  'Pass the package name as an argument, or run the command in the package directory.';

/** Fixes: trusted-publisher management and install auth. */
export const TRUST_FIXES = {
  TRUST_AUTH_MISSING: (c: { variable: string }) =>
    `Set ${c.variable} to a token from \`npm login\` (or a granular token without 2FA bypass), or name another variable with --token-env VAR. Tokens are never taken as flag values.`,
  TRUST_AUTH_REJECTED: {
    // 401: the token itself; 403: its owner may not manage the package.
    tokenRejected:
      'Set the environment variable (default NPM_TOKEN, see --token-env) to a valid token from `npm login` or a granular token without 2FA bypass.',
    notAllowed:
      'Use a token of a package owner, with two-factor authentication enabled on the account (tokens that bypass 2FA are refused).',
  },
  TRUST_OTP_REQUIRED: {
    interactive: 'Enter the current code from your authenticator app when asked.',
    notInteractive: `${OTP_ELSEWHERE}.`,
    // No code in hand and no terminal before a placeholder goes out (web login works there too).
    beforeBootstrap: `${OTP_ELSEWHERE} (or to log in on the web).`,
    webAuthentication: (c: { authUrl: string }) =>
      `Open ${c.authUrl} in a browser and finish the login, or pass a one-time password with --otp.`,
  },
  TRUST_OTP_INVALID: {
    interactive:
      'Enter a fresh code from your authenticator app; run the command again to continue where it stopped.',
    notInteractive:
      'Run the same command again with a fresh --otp CODE (or NPM_CONFIG_OTP); packages already done are kept.',
  },
  TRUST_RATE_LIMITED:
    'Wait a few minutes and run the same command again (finished packages are kept), or slow down with --pace MS.',
  TRUST_CONFLICT: (c: { name: string }) =>
    `Only one configuration per package is allowed: run the same command with --replace (it revokes the existing one first), or find its id with \`trustpub trust list ${c.name}\` and remove it with \`trustpub trust revoke ${c.name} --id ID\`.`,
  // npm trust's own checks (trust/input.ts), the config file and the CLI's arguments, then the registry's 400.
  TRUST_INVALID_INPUT: {
    packageName: PACKAGE_NAME,
    permission:
      'Add --allow-publish (CI may publish) and/or --allow-stage-publish (CI may stage publishes), or "allowPublish": true in the config file.',
    fileMissing: 'Pass --file with the workflow file name.',
    fileExtension: 'Name the workflow file as it is in the repository, e.g. release.yml.',
    fileIsPath: (c: { file: string }) => `Pass only the file name, e.g. --file ${c.file}.`,
    repositoryOtherHost: (c: { flag: string }) =>
      `Pass ${c.flag} explicitly, or fix package.json "repository".`,
    repositoryMissing: (c: { flag: string }) =>
      `Pass ${c.flag} or set "repository" in package.json.`,
    flagMissing: (c: { flag: string }) => `Pass ${c.flag}.`,
    flagFormat: (c: { flag: string; value: string }) => `Fix ${c.flag} (${c.value}).`,
    circleciFieldMissing: (c: { flag: string }) =>
      `Pass ${c.flag}; CircleCI shows it in the project and pipeline settings.`,
    circleciUuid: (c: { field: string; value: string }) =>
      `Copy the ${c.field} UUID from CircleCI (got "${c.value}").`,
    vcsOriginScheme: (c: { origin: string }) => `Drop the scheme: --vcs-origin ${c.origin}.`,
    vcsOriginFormat: 'Use e.g. github.com/owner/repo.',
    provider: 'Use --provider github, gitlab or circleci.',
    noProvider: 'Pass --provider github|gitlab|circleci, or set "provider" in .trustpub.json.',
    configFile: (c: { keys: string }) =>
      `Fix the file; see docs/trust.md for its keys (${c.keys}).`,
    configFileUnreadable:
      'Check the path given to --config, or create .trustpub.json at the repository root.',
    notInWorkspace: (c: { packages: string }) =>
      `Use names of workspace packages (${c.packages}), or drop --workspaces.`,
    revokeId: (c: { name: string }) => `Find the id with \`trustpub trust list ${c.name}\`.`,
    registryRefused:
      'Check the provider settings (repository, workflow file, environment, ids) against the registry message.',
  },
  TRUST_NOT_FOUND: {
    configuration: (c: { name: string }) =>
      `List the configurations with \`trustpub trust list ${c.name}\` and use an id from there.`,
    package:
      'A trusted publisher needs an existing package: run the same command with --bootstrap (it publishes a placeholder first), or publish the package once; check the name and --registry.',
  },
  TRUST_HTTP_ERROR: {
    trustApi: 'Run the command again later; if it persists, check the registry status.',
    // The publishing-access and token requests of `trust audit --fix`.
    accessNotAllowed:
      "Use a maintainer's user token (npm login) in the variable named by --token-env (default NPM_TOKEN).",
    accessRefused:
      'Fix what the registry message names, then run the command again; finished packages are kept.',
  },
  TRUST_NETWORK: NO_ANSWER,
  TRUST_MALFORMED_RESPONSE: {
    trustApi: 'Check that --registry points at an npm registry that supports trusted publishing.',
    webAuthentication: 'Run the command again, or pass a one-time password with --otp.',
  },
  TRUST_CANCELLED:
    'Answer y to proceed, or pass --yes to skip the question (needed when not in a terminal).',
  // A failed placeholder publish passes on that failure's own fix.
  TRUST_BOOTSTRAP_FAILED:
    'Check that the token may create packages (and the scope), then run the command again.',
  INSTALL_AUTH_INVALID: {
    tokenEnv:
      "Pass the variable's name (e.g. --token-env NPM_READ_TOKEN), not its value or a ${...} expression.",
    scope: 'Pass the scope with its leading @ and without a package name, e.g. --scope @my-org.',
  },
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
