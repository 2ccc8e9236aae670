import { parseArgs } from 'node:util';
import { FIXES, TrustpubError } from '@trustpub/core';

/** The flags of `changeset-oidc publish`, mirroring `changeset publish`. */
export interface PublishArgs {
  otp?: string;
  tag?: string;
  gitTag: boolean;
  fromPackDir?: string;
  output?: string;
  stage?: boolean;
  allowFiles?: string[];
  packAs?: string;
  ignoreScripts?: boolean;
  strict?: boolean;
}

export type ParsedCommand =
  { command: 'help' } | { command: 'version' } | { command: 'publish'; args: PublishArgs };

export const USAGE = `Usage: changeset-oidc publish [options]

Publishes the unpublished packages of a changesets repository with npm trusted publishing (OIDC),
in dependency order, and tags them in git like \`changeset publish\`.

Options:
  --tag TAG              publish under this dist-tag instead of latest (not in pre mode)
  --no-git-tag           do not create git tags
  --from-pack-dir DIR    publish the tarballs and plan written by \`changeset pack --out-dir DIR\`
  --output FILE          append {"type":"git-tag",...} NDJSON lines here (default: $CHANGESETS_OUTPUT)
  --stage                stage instead of publishing: each version waits, not installable, until a
                         maintainer approves it with 2FA (trustpub stage approve ID); no git tags
  --allow-file PATH      accept a file the secret scan flags, after you reviewed it (repeatable)
  --pack-as npm|pnpm|yarn|bun
                         pack as this package manager (default: the repository's, as changesets
                         would publish with it)
  --ignore-scripts       run no lifecycle script (default: npm's ignore-scripts setting)
  --strict               a version already on the registry whose contents differ from this build is
                         an error (nothing is published) instead of a warning
  --otp CODE             accepted for compatibility; trusted publishing needs no one-time password
  --adapter oidc         accepted so \`changeset publish --adapter oidc\` maps onto this command
  -h, --help             show this help
`;

/** Parses argv (without node and script) the way `changeset publish` would, plus `--adapter oidc`. */
export function parsePublishArgs(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        otp: { type: 'string' },
        tag: { type: 'string' },
        'git-tag': { type: 'boolean', default: true },
        'from-pack-dir': { type: 'string' },
        output: { type: 'string', short: 'o' },
        adapter: { type: 'string' },
        stage: { type: 'boolean' },
        'allow-file': { type: 'string', multiple: true },
        'pack-as': { type: 'string' },
        'ignore-scripts': { type: 'boolean' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command !== 'publish' || rest.length > 0) {
    throw usageError(
      command === undefined
        ? 'No command given'
        : `Unknown command or argument: ${[command, ...rest].join(' ')}`,
    );
  }
  if (values.adapter !== undefined && values.adapter !== 'oidc') {
    throw usageError(
      `Unknown adapter "${values.adapter}": changeset-oidc only publishes with trusted publishing (oidc)`,
    );
  }
  if (values.tag !== undefined && values['from-pack-dir'] !== undefined) {
    throw usageError(
      '--tag cannot be combined with --from-pack-dir: the tags were decided when `changeset pack` wrote the plan',
    );
  }
  if (values.tag === '') throw usageError('--tag needs a dist-tag name');
  const args: PublishArgs = { gitTag: values['git-tag'] };
  if (values.otp !== undefined) args.otp = values.otp;
  if (values.tag !== undefined) args.tag = values.tag;
  if (values['from-pack-dir'] !== undefined) args.fromPackDir = values['from-pack-dir'];
  if (values.output !== undefined) args.output = values.output;
  if (values.stage) args.stage = true;
  if (values['allow-file']?.length) args.allowFiles = values['allow-file'];
  const packAs = values['pack-as'];
  if (packAs !== undefined) {
    if (!/^(npm|pnpm|yarn|bun)(@\d+[\w.+-]*)?$/.test(packAs))
      throw usageError(`--pack-as must be npm, pnpm, yarn or bun, got "${packAs}"`);
    args.packAs = packAs;
  }
  if (values['ignore-scripts']) args.ignoreScripts = true;
  if (values.strict) args.strict = true;
  return { command: 'publish', args };
}

function usageError(what: string): TrustpubError {
  return new TrustpubError('CONFIG_INVALID_OPTION', `${what.replace(/\.$/, '')}.`, {
    hint: FIXES.CONFIG_INVALID_OPTION.changesetsUsage,
  });
}
