import { access } from 'node:fs/promises';
import path from 'node:path';
import {
  auditTrust,
  isTrustpubError,
  createPublishingAccessClient,
  definedFields,
  desiredTrust,
  readTrustConfigFile,
  type AccessTokenInfo,
  type TrustAuditEntry,
  type TrustProvider,
  type TrustRequest,
  type TrustSyncConfig,
} from '@trustpub/core';
import type { CliIo } from '../../io.js';
import { COMMON_OPTIONS, CREATE_OPTIONS, parseTrustArgs } from './args.js';
import { flagsFromValues } from './create.js';
import { createTrustSession, type TrustCommandContext } from './session.js';
import { resolveTargets } from './targets.js';

const AUDIT_OPTIONS = {
  ...COMMON_OPTIONS,
  ...CREATE_OPTIONS,
  provider: { type: 'string' },
  config: { type: 'string' },
  fix: { type: 'boolean' },
} as const;

const PUBLISHER_TEXT: Record<TrustAuditEntry['publisher'], string> = {
  matches: 'trusted publisher as desired',
  differs: 'trusted publisher DIFFERS from the desired one',
  present: 'trusted publisher configured',
  none: 'NO trusted publisher',
  'not-on-registry': 'not on the registry',
};

/**
 * `trustpub trust audit`: for every package, its trusted publisher (against .trustpub.json or flags when
 * given) and whether it still accepts token publishing; `--fix` sets "require 2FA and disallow tokens"
 * on packages that have a trusted publisher. Then the user's write tokens, with their last use where the
 * registry reports it, to revoke the unused ones. Exit 0 when every package has the desired publisher
 * and refuses tokens, 1 otherwise.
 */
export async function runTrustAudit(
  argv: string[],
  io: CliIo,
  tc: TrustCommandContext,
): Promise<number> {
  const { values, positionals } = parseTrustArgs(argv, AUDIT_OPTIONS);
  const { targets, rootManifest } = await resolveTargets(
    io.cwd,
    positionals,
    values.workspaces === true,
    tc.ctx,
  );
  const names = targets
    .filter((t) => !t.private)
    .map((t) => t.positional ?? (typeof t.manifest.name === 'string' ? t.manifest.name : ''))
    .filter(Boolean);
  const desired = await desiredRequests(io, values, targets, rootManifest);
  const session = createTrustSession(io, values, tc);
  const accessClient = createPublishingAccessClient(
    { registry: tc.registry, token: session.token, ...definedFields({ otp: session.otp }) },
    tc.ctx,
  );
  const json = values.json === true;
  io.stderr(`Auditing ${names.length} package(s) on ${tc.registry} ...\n`);
  const entries = await auditTrust(
    names.map((name) => {
      const want = desired.get(name);
      return want ? { name, desired: want } : { name };
    }),
    { trust: session.client, access: accessClient },
    {
      fix: values.fix === true,
      onEntry: (e) => {
        if (!json) io.stdout(`${line(e)}\n`);
      },
    },
  );
  let tokens: AccessTokenInfo[] | undefined;
  let tokenProblem: string | undefined;
  try {
    tokens = (await accessClient.listTokens()).filter((t) => !t.readonly);
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    tokenProblem = error.message;
  }
  const bad = entries.filter((e) => e.publisher !== 'matches' && e.publisher !== 'present').length;
  const open = entries.filter((e) => e.tokenPublishing !== 'disallowed').length;
  if (json) {
    io.stdout(
      `${JSON.stringify({ registry: tc.registry, packages: entries, writeTokens: tokens }, null, 2)}\n`,
    );
  } else {
    const fixed = entries.filter((e) => e.fixed).length;
    io.stdout(
      `\n${entries.length} package(s): ${bad} without the desired trusted publisher, ${open} still accepting token publishing${values.fix ? `; ${fixed} changed by --fix` : open ? ' (trustpub trust audit --fix disallows tokens where a trusted publisher is set)' : ''}.\n`,
    );
    io.stdout(
      `${tokens ? tokenLines(tokens) : `Write tokens: not listed (${tokenProblem ?? 'no answer'}).`}\n`,
    );
  }
  return bad || open ? 1 : 0;
}

function line(e: TrustAuditEntry): string {
  const tokens =
    e.tokenPublishing === 'disallowed'
      ? 'tokens disallowed (2FA required)'
      : e.tokenPublishing === 'allowed'
        ? 'TOKENS ALLOWED'
        : 'token publishing unknown (the registry does not say)';
  return `${e.name}: ${PUBLISHER_TEXT[e.publisher]}; ${tokens}${e.fixed ? ' <- set by --fix' : ''}`;
}

function tokenLines(tokens: readonly AccessTokenInfo[]): string {
  if (!tokens.length) return 'Write tokens: none.';
  const rows = tokens.map(
    (t) =>
      `  ${t.key}  ${t.token}...  ${t.name ?? ''}  created ${t.created?.slice(0, 10) ?? '?'}  last used ${t.accessed === null ? 'never' : (t.accessed?.slice(0, 10) ?? 'not reported')}`,
  );
  return `Write tokens (${tokens.length}); revoke those no job needs any more with \`npm token revoke KEY\`:\n${rows.join('\n')}`;
}

/** The desired trusted publisher per package, from .trustpub.json / --config and flags, when any is given. */
async function desiredRequests(
  io: CliIo,
  values: Record<string, unknown>,
  targets: Awaited<ReturnType<typeof resolveTargets>>['targets'],
  rootManifest: Record<string, unknown>,
): Promise<Map<string, TrustRequest>> {
  const file = typeof values.config === 'string' ? values.config : undefined;
  let config: TrustSyncConfig = {};
  const fallback = path.join(io.cwd, '.trustpub.json');
  if (file) config = await readTrustConfigFile(path.resolve(io.cwd, file));
  else if (
    await access(fallback).then(
      () => true,
      () => false,
    )
  )
    config = await readTrustConfigFile(fallback);
  const provider =
    typeof values.provider === 'string' ? (values.provider as TrustProvider) : undefined;
  if (!provider && !config.provider) return new Map();
  const desired = desiredTrust(
    targets.map((t) => ({
      name: t.positional ?? (typeof t.manifest.name === 'string' ? t.manifest.name : ''),
      dir: t.dir,
      manifest: t.manifest,
      private: t.private,
    })),
    config,
    flagsFromValues(provider, values as Parameters<typeof flagsFromValues>[1]),
    rootManifest,
  );
  return new Map(desired.map((d) => [d.request.packageName, d.request]));
}
