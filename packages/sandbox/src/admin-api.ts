import crypto from 'node:crypto';
import type http from 'node:http';
import { bearerOf, parseJson, readBody, sendJson } from './http-util.js';
import { SandboxError } from './sandbox-error.js';

/** What a sandbox in another process may be asked to do (the CLI's seed, trust, env commands). */
export interface AdminOps {
  secret: string;
  run(op: string, args: Record<string, unknown>): Promise<unknown>;
}

/**
 * `POST /-/trustpub-sandbox/admin/<op>` with the sandbox's admin secret (kept in the state dir): how a
 * detached sandbox is driven from the CLI. Answers `{result}` or `{error, hint}`.
 */
export async function handleAdmin(
  admin: AdminOps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  op: string,
): Promise<void> {
  const raw = await readBody(req);
  const given = Buffer.from(bearerOf(req) ?? '');
  const expected = Buffer.from(admin.secret);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return sendJson(res, 401, {
      error: 'The admin secret is wrong',
      hint: 'Use the state directory of the running sandbox (--dir).',
    });
  }
  const args = parseJson(raw);
  try {
    const result = await admin.run(
      op,
      args && typeof args === 'object' ? (args as Record<string, unknown>) : {},
    );
    sendJson(res, 200, { result: result ?? null });
  } catch (error) {
    const hint = error instanceof SandboxError ? error.hint : 'Check the arguments of the command.';
    sendJson(res, 400, { error: error instanceof Error ? error.message : String(error), hint });
  }
}
