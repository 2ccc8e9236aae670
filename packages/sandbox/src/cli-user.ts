import fs from 'node:fs';
import path from 'node:path';
import { quote } from './cli-env.js';
import type { Values } from './cli-job-options.js';
import { SandboxError } from './sandbox-error.js';
import { readIfPresent } from './state-file.js';
import { totp } from './totp.js';
import type { Sandbox } from './types.js';

/** The rehearsal's maintainer: its OTP secret, kept in the state dir so `otp` works from any process. */
const USER_FILE = 'user.json';

interface SavedUser {
  otpSecret: string;
  webAuth: boolean;
}

/**
 * `user`: a maintainer with 2FA, as after `npm login` on npmjs. Its token can create packages (a first
 * publish), use the trust API and answer its 2FA (`otp`, or the web login with `--web-auth`). Printed on
 * stdout because that is what was asked for; only the state dir keeps the OTP secret, never a log.
 */
export async function userCommand(
  sandbox: Sandbox,
  dir: string,
  values: Values,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<void> {
  const webAuth = values['web-auth'] === true;
  const user = await sandbox.createUserToken({ webAuth });
  const saved: SavedUser = { otpSecret: user.otpSecret, webAuth };
  fs.writeFileSync(path.join(dir, USER_FILE), `${JSON.stringify(saved)}\n`, { mode: 0o600 });
  if (values.json === true) {
    return out(`${JSON.stringify({ token: user.token, otpSecret: user.otpSecret, webAuth })}\n`);
  }
  err(
    webAuth
      ? 'A maintainer with web 2FA: changes answer with a login URL; open it to approve.\n'
      : 'A maintainer with 2FA: `trustpub-sandbox otp` prints a current one-time password.\n',
  );
  out(`export NPM_TOKEN=${quote(user.token)}\n`);
}

/** `otp`: a one-time password valid now for the last user `user` created in this state dir. */
export function otpCommand(dir: string, out: (text: string) => void): void {
  const file = path.join(dir, USER_FILE);
  const text = readIfPresent(file);
  if (text === undefined) {
    throw new SandboxError(
      `No sandbox user in ${dir} (no ${USER_FILE} there)`,
      'Create one first: eval "$(trustpub-sandbox user)", with the same --dir.',
    );
  }
  let saved: Partial<SavedUser> | undefined;
  try {
    saved = JSON.parse(text) as Partial<SavedUser>;
  } catch {
    saved = undefined;
  }
  if (typeof saved?.otpSecret !== 'string' || !saved.otpSecret) {
    throw new SandboxError(
      `${file} is corrupt: it holds no OTP secret`,
      'Create the user again: eval "$(trustpub-sandbox user)".',
    );
  }
  out(`${totp(saved.otpSecret)}\n`);
}

/** `token --read-only`: a token that installs (restricted packages included) and may write nothing. */
export async function readTokenCommand(
  sandbox: Sandbox,
  values: Values,
  out: (text: string) => void,
): Promise<void> {
  if (values['read-only'] !== true) {
    throw new SandboxError(
      'token needs --read-only',
      'Use `trustpub-sandbox token --read-only`; a token that can write comes from `trustpub-sandbox user`.',
    );
  }
  out(`${await sandbox.createReadToken()}\n`);
}
