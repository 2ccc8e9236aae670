import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { authKeyFor, FIXES, loadNpmConfig, pickRegistry, TrustpubError } from '@trustpub/core';
import { parse, registryUrl, UsageError } from '../args.js';
import { createCliContext } from '../cli-context.js';
import { EXIT, INSTALL_AUTH_EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export const INSTALL_AUTH_HELP = `Usage: trustpub install-auth --token-env VAR [--scope @SCOPE] [--registry URL]

Writes the project .npmrc entry that lets installs read private packages with a read-only token taken
from the environment variable VAR at install time:

  //registry.example.com/:_authToken=\${VAR}
  @scope:registry=https://registry.example.com/      (with --scope)

Only the reference \${VAR} is written, never the value. Give VAR a read-only token: trustpub itself never
publishes with a configured token (only \`publish --fallback-token-env VAR\`, named explicitly, allows one).

Options:
  --token-env VAR    the environment variable that holds the read-only token at install time (required)
  --scope @SCOPE     route this scope to the registry (the token is then sent only there)
  --registry URL     the registry (default: the one npm would use for the scope)
  -h, --help         show this help

${INSTALL_AUTH_EXIT_CODES}
`;

/** `trustpub install-auth`: one `${VAR}` reference in the project .npmrc, replacing an older one. */
export async function runInstallAuthCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    'token-env': { type: 'string' },
    scope: { type: 'string' },
    registry: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(INSTALL_AUTH_HELP);
    return EXIT.OK;
  }
  const variable = values['token-env'];
  if (!variable)
    throw new UsageError(
      '--token-env VAR is required: the environment variable that will hold the read-only token.',
    );
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new TrustpubError(
      'INSTALL_AUTH_INVALID',
      `--token-env must be an environment variable name, got "${variable}".`,
      { hint: FIXES.INSTALL_AUTH_INVALID.tokenEnv },
    );
  }
  const scope = values.scope;
  if (scope !== undefined && !/^@[a-z0-9][a-z0-9._-]*$/i.test(scope)) {
    throw new TrustpubError(
      'INSTALL_AUTH_INVALID',
      `--scope must look like @my-org, got "${scope}".`,
      { hint: FIXES.INSTALL_AUTH_INVALID.scope },
    );
  }
  const ctx = createCliContext(io);
  const config = await loadNpmConfig(io.cwd, ctx);
  const registry =
    registryUrl(values.registry) ?? pickRegistry(scope ? `${scope}/x` : 'x', {}, config);
  const file = path.join(io.cwd, '.npmrc');
  const before = await readFile(file, 'utf8').catch(() => '');
  const key = authKeyFor(registry);
  const wanted = [`${key}=\${${variable}}`, ...(scope ? [`${scope}:registry=${registry}`] : [])];
  const keyOf = (line: string) => line.split('=')[0]?.trim();
  const replaces = (line: string) =>
    keyOf(line) === key || (scope !== undefined && keyOf(line) === `${scope}:registry`);
  const lines = before.split(/\r?\n/);
  const replaced = lines.filter((l) => replaces(l) && !wanted.includes(l.trim()));
  const kept = lines.filter((l) => !replaces(l));
  while (kept.length && kept[kept.length - 1]?.trim() === '') kept.pop();
  const after = `${[...kept, ...wanted].join('\n')}\n`;
  const name = path.relative(io.cwd, file) || '.npmrc';
  if (after === before) {
    io.stdout(`${name} already gives installs the token in $${variable}; nothing changed.\n`);
  } else {
    await writeFile(file, after);
    // Only the keys: a replaced line may hold a literal token, which must not reach the log.
    const literal = replaced.some((l) => keyOf(l) === key && !/=\s*"?\$\{/.test(l));
    io.stdout(
      `Wrote ${name}:\n${wanted.map((l) => `  ${l}`).join('\n')}\n` +
        (replaced.length
          ? `Replaced what it had for ${replaced.map((l) => `\`${keyOf(l)}\``).join(' and ')}.${literal ? ' The auth line held a token itself; it is no longer in the file. If that was a publish token, revoke it.' : ''}\n`
          : '') +
        `Installs read the token from $${variable} at install time; the value is not stored.\n` +
        `Give ${variable} a read-only token. trustpub never publishes with it unless you pass --fallback-token-env ${variable} explicitly.\n`,
    );
  }
  if (variable === 'NPM_TOKEN' || variable === 'NODE_AUTH_TOKEN')
    io.stderr(
      `warning: ${variable} is the name CI setups give publish tokens: \`trustpub doctor\` reports it in a publishing job, and npm falls back to it whenever a token exchange fails. A name of its own (e.g. --token-env NPM_READ_TOKEN) keeps the read-only token apart.\n`,
    );
  if (!io.env[variable])
    io.stderr(
      `warning: ${variable} is not set here; installs that need it fail until it is (npm reports the missing variable).\n`,
    );
  return EXIT.OK;
}
