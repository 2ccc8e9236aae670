import { definedFields, formatError, isTrustpubError } from '@trustpub/core';
import { parsePublishArgs, USAGE } from './args.js';
import type { OutputStreams } from './butterfly-log.js';
import { formatButterfly } from './butterfly-log.js';
import { publish } from './publish.js';

export const CHANGESETS_OIDC_VERSION = '0.1.0';

/**
 * The `changeset-oidc` command: parses argv (without node and script), runs `publish()`, and answers
 * the exit code (0: nothing failed, 1: something failed or the invocation was wrong).
 */
export async function runCli(
  argv: readonly string[],
  io: { cwd: string; env: Readonly<Record<string, string | undefined>>; streams: OutputStreams },
): Promise<number> {
  let parsed;
  try {
    parsed = parsePublishArgs(argv);
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    io.streams.stderr(`${formatButterfly('error', [formatError(error)])}\n`);
    return 1;
  }
  if (parsed.command === 'help') {
    io.streams.stdout(USAGE);
    return 0;
  }
  if (parsed.command === 'version') {
    io.streams.stdout(`${CHANGESETS_OIDC_VERSION}\n`);
    return 0;
  }
  const { args } = parsed;
  const result = await publish({
    cwd: io.cwd,
    env: io.env,
    streams: io.streams,
    gitTag: args.gitTag,
    ...definedFields({
      tag: args.tag,
      otp: args.otp,
      fromPackDir: args.fromPackDir,
      output: args.output,
    }),
    ...(args.stage ? { stage: true } : {}),
    ...(args.allowFiles ? { allowFiles: args.allowFiles } : {}),
    ...(args.packAs ? { packAs: args.packAs } : {}),
    ...(args.ignoreScripts ? { ignoreScripts: true } : {}),
    ...(args.strict ? { strict: true } : {}),
  });
  return result.exitCode;
}
