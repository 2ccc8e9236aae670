import { createStageClient, type StageClient, type StagedVersionInfo } from '@trustpub/core';
import { parse, UsageError } from '../args.js';
import { exitCodesFor } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { otpAnswers, runInTrustContext, type TrustCommandContext } from './trust/session.js';

export const STAGE_HELP = `Usage: trustpub stage <list|view|approve|reject> [...] [options]

Staged versions wait in the registry's stage queue, not installable, until a maintainer approves them
with two-factor authentication (npm 11.15+ staged publishing; CI stages with \`trustpub publish --stage\`).

  trustpub stage list [NAME]                 what is staged (for one package, or every one you maintain)
  trustpub stage view ID|NAME@VERSION        one staged version
  trustpub stage approve ID|NAME@VERSION...  publish staged versions (needs a one-time password)
  trustpub stage reject ID|NAME@VERSION...   delete staged versions (needs a one-time password)

Options:
  --token-env VAR    the variable holding your npm user token (default NPM_TOKEN; never a flag value)
  --otp CODE         one-time password (default: NPM_CONFIG_OTP, else asked in a terminal)
  --registry URL     the registry (default: npm's registry setting)
  --json             print JSON on stdout
  -h, --help         show this help

${exitCodesFor({
  0: 'done',
  1: 'a registry call failed or was refused (see its code), or a staged version was not found',
  2: 'usage error (unknown option, missing argument)',
})}
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  registry: { type: 'string' },
  'token-env': { type: 'string' },
  otp: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `trustpub stage ...` (argv without `stage`): the maintainer's side of staged publishing. */
export async function runStageCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  const [sub, ...args] = positionals;
  if (values.help || sub === undefined || sub === 'help') {
    io.stdout(STAGE_HELP);
    return sub === undefined && !values.help ? 2 : 0;
  }
  if (!['list', 'ls', 'view', 'approve', 'reject'].includes(sub))
    throw new UsageError(`unknown stage command "${sub}" (list, view, approve, reject).`);
  if (sub !== 'list' && sub !== 'ls' && args.length === 0)
    throw new UsageError(`stage ${sub} needs a stage id or NAME@VERSION.`);
  if ((sub === 'list' || sub === 'ls' || sub === 'view') && args.length > 1)
    throw new UsageError(`stage ${sub} takes one argument, got ${args.length}.`);
  return runInTrustContext(io, { registry: values.registry }, async (tc) => {
    const client = stageClient(io, values, tc);
    const json = Boolean(values.json);
    if (sub === 'list' || sub === 'ls') {
      const items = await client.list(args[0]);
      if (json) io.stdout(`${JSON.stringify(items, null, 2)}\n`);
      else if (!items.length)
        io.stdout(args[0] ? `No staged versions of ${args[0]}.\n` : 'No staged packages found.\n');
      else io.stdout(`${items.map(describe).join('\n\n')}\n`);
      return 0;
    }
    if (sub === 'view') {
      const item = await client.resolve(args[0] as string);
      io.stdout(json ? `${JSON.stringify(item, null, 2)}\n` : `${describe(item)}\n`);
      return 0;
    }
    const done: StagedVersionInfo[] = [];
    for (const spec of args) {
      const item = await client.resolve(spec);
      if (sub === 'approve') await client.approve(item.id);
      else await client.reject(item.id);
      done.push(item);
      if (!json)
        io.stdout(
          sub === 'approve'
            ? `Approved ${item.packageName}@${item.version} (stage id ${item.id}): published.\n`
            : `Rejected ${item.packageName}@${item.version} (stage id ${item.id}): deleted from the stage queue.\n`,
        );
    }
    if (json)
      io.stdout(
        `${JSON.stringify({ [sub === 'approve' ? 'approved' : 'rejected']: done }, null, 2)}\n`,
      );
    return 0;
  });
}

/** npm's `stage list`/`view` layout: one `key: value` line each, `staged by` as actor (type). */
function describe(item: StagedVersionInfo): string {
  const { id, packageName, version, status, tag, createdAt, actor, actorType, shasum, ...rest } =
    item;
  const lines: [string, unknown][] = [
    ['id', id],
    ['package name', packageName],
    ['version', version],
    ['status', status],
    ['tag', tag],
    ['date staged', createdAt],
    ['staged by', actorType ? `${actor} (${actorType})` : actor],
    ['shasum', shasum],
    ...Object.entries(rest),
  ];
  return lines
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}

/** The user's token from --token-env (default NPM_TOKEN), the OTP from --otp / NPM_CONFIG_OTP / a prompt. */
function stageClient(
  io: CliIo,
  values: { 'token-env'?: string | undefined; otp?: string | undefined },
  tc: TrustCommandContext,
): StageClient {
  const tokenEnv = values['token-env'] ?? 'NPM_TOKEN';
  const token = io.env[tokenEnv];
  if (!token)
    throw new UsageError(
      `the environment variable ${tokenEnv} is not set; staged versions are managed with your npm user token (set it, or name another variable with --token-env VAR).`,
    );
  tc.ctx.secrets.add(token);
  return createStageClient(
    {
      registry: tc.registry,
      token,
      ...otpAnswers(
        io,
        values.otp,
        'Approving or rejecting a staged version requires a one-time password.',
      ),
    },
    tc.ctx,
  );
}
