import { FIXES, TrustpubError, type TrustConfig } from '@trustpub/core';
import type { CliIo } from '../../io.js';
import { COMMON_OPTIONS, parseTrustArgs } from './args.js';
import { configToValues, formatValues } from './output.js';
import { createTrustSession, type TrustCommandContext } from './session.js';
import { resolveTargets } from './targets.js';

/** `trustpub trust list [NAME...] [--workspaces] [--json]`: the configurations the registry holds. */
export async function runTrustList(
  argv: string[],
  io: CliIo,
  tc: TrustCommandContext,
): Promise<number> {
  const { values, positionals } = parseTrustArgs(argv, {
    ...COMMON_OPTIONS,
    workspaces: { type: 'boolean' },
  });
  const { targets } = await resolveTargets(io.cwd, positionals, values.workspaces === true, tc.ctx);
  // Private workspace packages are never published, so the registry has nothing for them.
  const names = targets
    .filter((t) => !(values.workspaces === true && t.private))
    .map(
      (t) => t.positional ?? (typeof t.manifest.name === 'string' ? t.manifest.name : undefined),
    );
  if (names.some((n) => !n)) {
    throw new TrustpubError(
      'TRUST_INVALID_INPUT',
      'Package name must be specified either as an argument or in the package.json file',
      { hint: FIXES.TRUST_INVALID_INPUT.packageName },
    );
  }
  const { client } = createTrustSession(io, values, tc);
  const all: Record<string, Array<TrustConfig & Record<string, unknown>>> = {};
  for (const name of names as string[]) {
    const configs = await client.list(name);
    if (values.json === true) {
      all[name] = configs.map(
        (c) =>
          ({
            ...configToValues(c),
            ...(c.permissions ? { permissions: c.permissions } : {}),
            claims: c.claims,
          }) as TrustConfig & Record<string, unknown>,
      );
      continue;
    }
    if (configs.length === 0) {
      io.stdout(`No trust configurations found for package (${name})\n`);
      continue;
    }
    if (names.length > 1) io.stdout(`${name}\n`);
    for (const c of configs) io.stdout(`\n${formatValues(configToValues(c), c.permissions)}\n`);
    io.stdout('\n');
  }
  if (values.json === true)
    io.stdout(`${JSON.stringify(names.length === 1 ? all[names[0]!] : all, null, 2)}\n`);
  return 0;
}
