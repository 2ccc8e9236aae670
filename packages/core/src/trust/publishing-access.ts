import { FIXES, TrustpubError } from '../errors/index.js';
import type { CoreContext } from '../kernel/index.js';
import { escapePackageName, registryMessageOf } from '../registry/index.js';
import type { RegistryAnswer } from './otp.js';
import { createTrustTransport, type TrustAuthOptions } from './request.js';

/** Whether a package still accepts publishing with an access token (besides its trusted publisher). */
export type TokenPublishing = 'allowed' | 'disallowed' | 'unknown';

/** One of the user's access tokens as the registry lists it (never the whole token). */
export interface AccessTokenInfo {
  key: string;
  /** The token's first characters, as the registry shows them. */
  token: string;
  name?: string;
  created?: string;
  /** Last use, where the registry reports it. */
  accessed?: string | null;
  readonly: boolean;
}

export interface PublishingAccessClient {
  /** The package's setting; `unknown` when the registry offers no read of it (npmjs's API has none). */
  tokenPublishing(name: string): Promise<TokenPublishing>;
  /** npm's `access set mfa=publish`: "require two-factor authentication and disallow tokens" (needs 2FA). */
  disallowTokens(name: string): Promise<void>;
  /** The user's tokens (`GET /-/npm/v1/tokens`, every page). */
  listTokens(): Promise<AccessTokenInfo[]>;
}

/**
 * The registry requests behind `npm access set mfa=...` (`POST /-/package/<name>/access`) and `npm token
 * list`, sent with the user's token and a one-time password when asked for, as the trust API.
 */
export function createPublishingAccessClient(
  options: TrustAuthOptions,
  ctx: CoreContext,
): PublishingAccessClient {
  const transport = createTrustTransport(options, ctx);
  const refused = (answer: RegistryAnswer, what: string, name?: string): TrustpubError => {
    const message = registryMessageOf(answer.text, ctx);
    return new TrustpubError(
      'TRUST_HTTP_ERROR',
      `The registry refused to ${what} (HTTP ${answer.status}${message ? `: ${message}` : ''}).`,
      {
        hint:
          answer.status === 401 || answer.status === 403
            ? FIXES.TRUST_HTTP_ERROR.accessNotAllowed
            : FIXES.TRUST_HTTP_ERROR.accessRefused,
        httpStatus: answer.status,
        ...(name ? { packageName: name } : {}),
        ...(message ? { registryMessage: message } : {}),
      },
    );
  };
  return {
    async tokenPublishing(name) {
      const path = `-/package/${escapePackageName(name)}/access`;
      const answer = await transport.send('GET', path, undefined, name);
      const body = answer.json as
        { publish_requires_tfa?: unknown; automation_token_overrides_tfa?: unknown } | undefined;
      if (answer.status !== 200 || typeof body?.publish_requires_tfa !== 'boolean')
        return 'unknown';
      return body.publish_requires_tfa && body.automation_token_overrides_tfa === false
        ? 'disallowed'
        : 'allowed';
    },
    async disallowTokens(name) {
      const path = `-/package/${escapePackageName(name)}/access`;
      const body = { publish_requires_tfa: true, automation_token_overrides_tfa: false };
      const answer = await transport.send('POST', path, body, name);
      if (answer.status < 200 || answer.status > 299)
        throw refused(answer, `require 2FA and disallow tokens for ${name}`, name);
    },
    async listTokens() {
      const out: AccessTokenInfo[] = [];
      let next: string | undefined = '-/npm/v1/tokens';
      for (let page = 0; next && page < 50; page++) {
        const answer = await transport.send('GET', next, undefined, 'your tokens');
        if (answer.status !== 200) throw refused(answer, 'list your tokens');
        const body = answer.json as { objects?: unknown; urls?: { next?: unknown } } | undefined;
        if (!Array.isArray(body?.objects)) throw refused(answer, 'list your tokens (no list)');
        for (const t of body.objects as Record<string, unknown>[]) {
          if (typeof t.key !== 'string') continue;
          out.push({
            key: t.key,
            token: typeof t.token === 'string' ? t.token.slice(0, 8) : '',
            ...(typeof t.name === 'string' ? { name: t.name } : {}),
            ...(typeof t.created === 'string' ? { created: t.created } : {}),
            ...(typeof t.accessed === 'string' || t.accessed === null
              ? { accessed: t.accessed }
              : {}),
            readonly: t.readonly === true,
          });
        }
        const url = typeof body.urls?.next === 'string' ? body.urls.next : undefined;
        next = url
          ? new URL(url, options.registry).href.slice(transport.url('').length)
          : undefined;
      }
      return out;
    },
  };
}
