import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';

/** The registry refuses CircleCI ID tokens about 5 minutes after issue; refresh well before that. */
export const CIRCLECI_MAX_TOKEN_AGE_SECONDS = 240;

/**
 * Mints a fresh CircleCI ID token for `audience` with `circleci run oidc get --claims '{"aud":...}'`
 * (the command npm's docs give). Returns undefined when the CLI is not on PATH, so the caller can say
 * exactly that; any other failure of the CLI is an error of its own.
 */
export async function mintCircleciIdToken(
  audience: string,
  ctx: CoreContext,
): Promise<string | undefined> {
  if (!(await onPath('circleci', ctx))) return undefined;
  let result;
  try {
    result = await ctx.spawn(
      'circleci',
      ['run', 'oidc', 'get', '--claims', JSON.stringify({ aud: audience })],
      {
        env: { ...ctx.env },
        cwd: ctx.cwd,
      },
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
  const token = result.stdout.trim();
  if (result.code !== 0 || !token) {
    ctx.secrets.add(token);
    throw new TrustpubError(
      'ID_TOKEN_REQUEST_FAILED',
      `\`circleci run oidc get\` exited with code ${result.code} and printed no ID token: ${ctx.secrets.redact(result.stderr.trim()).slice(0, 300)}`,
      { hint: FIXES.ID_TOKEN_REQUEST_FAILED.circleci },
    );
  }
  ctx.secrets.add(token);
  return token;
}

/** The shell line that produces a token for `audience`, for hints. */
export function circleciCommand(audience: string): string {
  return `export NPM_ID_TOKEN=$(circleci run oidc get --claims '{"aud":"${audience}"}')`;
}

/** Whether an executable `command` is in one of the PATH directories of the context's environment. */
async function onPath(command: string, ctx: CoreContext): Promise<boolean> {
  for (const dir of (ctx.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      await access(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}
