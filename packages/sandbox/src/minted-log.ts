import fs from 'node:fs';

/** What kind of secret the sandbox minted; the test runner's secret scan reports it by this name. */
export type MintedKind =
  'id-token' | 'exchanged-token' | 'user-token' | 'read-token' | 'request-token' | 'admin-secret';

/**
 * Appends every token the sandbox mints to `$TRUSTPUB_SANDBOX_MINTED_LOG` (one JSON line each), so the
 * test runner can prove that none of them leaked into output or files. Synchronous on purpose: the
 * line must exist before the token is handed out.
 */
export function recordMinted(
  kind: MintedKind,
  value: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const file = env.TRUSTPUB_SANDBOX_MINTED_LOG;
  if (!file) return;
  fs.appendFileSync(file, `${JSON.stringify({ kind, value })}\n`);
}
