import { FIXES, TrustpubError } from '@trustpub/core';
import type { CliIo } from '../../io.js';
import { COMMON_OPTIONS, parseTrustArgs, str } from './args.js';
import { createTrustSession, type TrustCommandContext } from './session.js';
import { optionalManifest } from './targets.js';

/**
 * `trustpub trust revoke [NAME] --id ID [--dry-run] [--yes]`: npm trust revoke's checks, texts and
 * request. It asks nothing (as npm), so `--yes` is accepted for scripts that pass it to every command.
 */
export async function runTrustRevoke(
  argv: string[],
  io: CliIo,
  tc: TrustCommandContext,
): Promise<number> {
  const { values, positionals } = parseTrustArgs(argv, {
    ...COMMON_OPTIONS,
    id: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  });
  const manifestName = (await optionalManifest(io.cwd)).name;
  const name = positionals[0] ?? (typeof manifestName === 'string' ? manifestName : undefined);
  if (!name) {
    throw new TrustpubError(
      'TRUST_INVALID_INPUT',
      'Package name must be specified either as an argument or in the package.json file',
      { hint: FIXES.TRUST_INVALID_INPUT.packageName },
    );
  }
  const id = str(values, 'id');
  if (!id) {
    throw new TrustpubError(
      'TRUST_INVALID_INPUT',
      'ID of the trusted relationship to revoke must be specified with the --id option',
      { hint: FIXES.TRUST_INVALID_INPUT.revokeId({ name }) },
    );
  }
  io.stdout(`Attempting to revoke trusted configuration for package ${name} with id ${id}\n`);
  if (values['dry-run'] === true) return 0;
  const { client } = createTrustSession(io, values, tc);
  await client.revoke(name, id);
  io.stdout(`Revoked trusted configuration for package ${name} with id ${id}\n`);
  return 0;
}
