import {
  configValue,
  createContext,
  createSecrets,
  createTrustClient,
  DEFAULT_REGISTRY,
  definedFields,
  FIXES,
  formatError,
  isTrustpubError,
  loadNpmConfig,
  normalizeRegistry,
  TrustpubError,
  type CoreContext,
  type TrustAuthOptions,
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
 * Runs a `trust` or `stage` command in its context and closes it. A coded error is printed (redacted)
 * with its fix: exit 2 for a wrong flag, 1 for anything else; other errors go to the dispatcher.
 */
export async function runInTrustContext(
  io: CliIo,
  values: ParsedValues,
  run: (tc: TrustCommandContext) => Promise<number>,
): Promise<number> {
  let tc: TrustCommandContext | undefined;
  try {
    tc = await createTrustContext(io, values);
    return await run(tc);
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    const redact = (s: string) => (tc ? tc.ctx.secrets.redact(s) : s);
    io.stderr(`${redact(formatError(error))}\n`);
    return error.code === 'CONFIG_INVALID_OPTION' ? 2 : 1;
  } finally {
    await tc?.close();
  }
}

/**
 * How the person answers two-factor checks: `--otp`, else NPM_CONFIG_OTP, else (in a terminal) a
 * prompt saying `asked` first; the web flow's URL goes to stderr.
 */
export function otpAnswers(
  io: CliIo,
  otpFlag: string | undefined,
  asked: string,
): Pick<TrustAuthOptions, 'otp' | 'promptOtp' | 'onWebAuth'> {
  const otp = otpFlag ?? io.env.NPM_CONFIG_OTP ?? io.env.npm_config_otp;
  const interactive = io.isTTY && io.prompt !== undefined;
  return {
    ...(otp ? { otp } : {}),
    ...(interactive
      ? {
          promptOtp: (reason: 'required' | 'refused') =>
            io.prompt!(
              reason === 'refused'
                ? 'The one-time password was refused (expired or mistyped).\nEnter a new OTP: '
                : `${asked}\nEnter OTP: `,
              { secret: true },
            ),
        }
      : {}),
    onWebAuth: (authUrl: string, doneUrl: string) => {
      io.stderr(
        `Open this URL in your browser to authenticate:\n  ${authUrl}\nWaiting for ${doneUrl} ...\n`,
      );
    },
  };
}

/**
 * The trust API client for the user: the token comes from the environment variable named by
 * `--token-env` (default NPM_TOKEN), the OTP from `--otp` or NPM_CONFIG_OTP, or is asked in a terminal.
 */
export function createTrustSession(
  io: CliIo,
  values: ParsedValues,
  tc: TrustCommandContext,
): { client: TrustClient; token: string; otp?: string; canAnswer2fa: boolean } {
  const tokenEnv = str(values, 'token-env') ?? 'NPM_TOKEN';
  const token = io.env[tokenEnv];
  if (!token) {
    throw new TrustpubError(
      'TRUST_AUTH_MISSING',
      `The environment variable ${tokenEnv} is not set; managing trusted publishers needs your npm user token.`,
      {
        hint: FIXES.TRUST_AUTH_MISSING({ variable: tokenEnv }),
      },
    );
  }
  tc.ctx.secrets.add(token);
  const answers = otpAnswers(
    io,
    str(values, 'otp'),
    'This operation requires a one-time password.',
  );
  const client = createTrustClient(
    { registry: tc.registry, token, ...answers, ...definedFields({ pacingMs: paceOf(values) }) },
    tc.ctx,
  );
  return {
    client,
    token,
    ...definedFields({ otp: answers.otp }),
    canAnswer2fa: answers.otp !== undefined || answers.promptOtp !== undefined,
  };
}

/** npm's confirmation: `--yes` proceeds; otherwise a terminal is asked, anything but y/yes cancels. */
export async function confirm(io: CliIo, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  const cancelled = new TrustpubError('TRUST_CANCELLED', 'User cancelled operation', {
    hint: FIXES.TRUST_CANCELLED,
  });
  if (!io.isTTY || !io.prompt) throw cancelled;
  const answer = (await io.prompt('Do you want to proceed? (y/N) ')).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') throw cancelled;
}
