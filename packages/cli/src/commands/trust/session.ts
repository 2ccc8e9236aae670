import {
  configValue,
  createContext,
  createSecrets,
  createTrustClient,
  DEFAULT_REGISTRY,
  definedFields,
  loadNpmConfig,
  normalizeRegistry,
  TrustpubError,
  type CoreContext,
  type TrustClient,
} from '@trustpub/core';
import { githubActionsJob } from '../../ci-output.js';
import type { CliIo } from '../../io.js';
import { paceOf, str, type ParsedValues } from './args.js';

/** The context of one trust command: core context bound to the CLI's io, and the registry. */
export interface TrustCommandContext {
  ctx: CoreContext;
  registry: string;
  /** Releases the HTTP connections; called once when the command ends. */
  close(): Promise<void>;
}

/**
 * Binds the core context to `io` (logs to stderr, redacted; secrets masked on GitHub Actions) and
 * picks the registry: `--registry`, else npm's `registry` setting (npm_config_registry, project and
 * user .npmrc), else the public registry.
 */
export async function createTrustContext(
  io: CliIo,
  values: ParsedValues,
): Promise<TrustCommandContext> {
  const secrets = createSecrets((value) => {
    if (githubActionsJob(io)) io.stdout(`::add-mask::${value}\n`);
  });
  const say = (level: string) => (message: string) =>
    io.stderr(`${level}${secrets.redact(message)}\n`);
  const ctx = createContext({
    env: io.env,
    cwd: io.cwd,
    secrets,
    logger: { debug() {}, info: say(''), warn: say('warn: '), error: say('error: ') },
  });
  const close = () => ctx.dispatcher.close();
  try {
    const flag = str(values, 'registry');
    let registry: string;
    if (flag) registry = normalizeRegistry(flag, '--registry');
    else {
      const config = await loadNpmConfig(io.cwd, ctx);
      const configured = configValue(config, 'registry');
      registry = configured
        ? normalizeRegistry(configured, config.entries.get('registry')!.source)
        : DEFAULT_REGISTRY;
    }
    return { ctx, registry, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The trust API client for the user: the token comes from the environment variable named by
 * `--token-env` (default NPM_TOKEN), the OTP from `--otp` or NPM_CONFIG_OTP, or is asked in a terminal.
 */
export function createTrustSession(
  io: CliIo,
  values: ParsedValues,
  tc: TrustCommandContext,
): { client: TrustClient; token: string; canAnswer2fa: boolean } {
  const tokenEnv = str(values, 'token-env') ?? 'NPM_TOKEN';
  const token = io.env[tokenEnv];
  if (!token) {
    throw new TrustpubError(
      'TRUST_AUTH_MISSING',
      `The environment variable ${tokenEnv} is not set; managing trusted publishers needs your npm user token.`,
      {
        hint: `Set ${tokenEnv} to a token from \`npm login\` (or a granular token without 2FA bypass), or name another variable with --token-env VAR. Tokens are never taken as flag values.`,
      },
    );
  }
  tc.ctx.secrets.add(token);
  const otp = str(values, 'otp') ?? io.env.NPM_CONFIG_OTP ?? io.env.npm_config_otp;
  const interactive = io.isTTY && io.prompt !== undefined;
  const pacing = paceOf(values);
  const client = createTrustClient(
    {
      registry: tc.registry,
      token,
      ...(otp ? { otp } : {}),
      ...definedFields({ pacingMs: pacing }),
      ...(interactive
        ? {
            promptOtp: (reason: 'required' | 'refused') =>
              io.prompt!(
                reason === 'refused'
                  ? 'The one-time password was refused (expired or mistyped).\nEnter a new OTP: '
                  : 'This operation requires a one-time password.\nEnter OTP: ',
                { secret: true },
              ),
          }
        : {}),
      onWebAuth: (authUrl: string, doneUrl: string) => {
        io.stderr(
          `Open this URL in your browser to authenticate:\n  ${authUrl}\nWaiting for ${doneUrl} ...\n`,
        );
      },
    },
    tc.ctx,
  );
  return { client, token, canAnswer2fa: Boolean(otp) || interactive };
}

/** npm's confirmation: `--yes` proceeds; otherwise a terminal is asked, anything but y/yes cancels. */
export async function confirm(io: CliIo, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  const cancelled = new TrustpubError('TRUST_CANCELLED', 'User cancelled operation', {
    hint: 'Answer y to proceed, or pass --yes to skip the question (needed when not in a terminal).',
  });
  if (!io.isTTY || !io.prompt) throw cancelled;
  const answer = (await io.prompt('Do you want to proceed? (y/N) ')).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') throw cancelled;
}
