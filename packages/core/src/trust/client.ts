import type { CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';
import { escapePackageName, registryMessageOf } from '../registry/index.js';
import type { RegistryAnswer } from './otp.js';
import { createTrustTransport, type TrustAuthOptions } from './request.js';
import type { TrustConfig, TrustConfigBody } from './types.js';

/** The registry's trust API for one user: `POST/GET/DELETE /-/package/<esc>/trust[/<id>]` (docs/protocol.md). */
export interface TrustClient {
  readonly registry: string;
  /** Creates one configuration; the body sent is `[config]`, exactly as `npm trust` sends it. */
  create(packageName: string, config: TrustConfigBody): Promise<TrustConfig[]>;
  /** Lists the package's configurations; a package that does not exist throws `TRUST_NOT_FOUND`. */
  list(packageName: string): Promise<TrustConfig[]>;
  /** Revokes one configuration by id (the id is URI-encoded as npm does). */
  revoke(packageName: string, id: string): Promise<void>;
}

export type { TrustAuthOptions } from './request.js';

/** The trust API client; every call is paced, waits out 429s and answers 2FA challenges. */
export function createTrustClient(options: TrustAuthOptions, ctx: CoreContext): TrustClient {
  const transport = createTrustTransport(options, ctx);
  const path = (name: string) => `/-/package/${escapePackageName(name)}/trust`;

  return {
    registry: options.registry,
    async create(name, config) {
      const answer = await transport.send('POST', path(name), [config], name);
      if (answer.status < 200 || answer.status >= 300)
        throw answerError(answer, 'POST', transport.url(path(name)), name, ctx);
      const items = Array.isArray(answer.json)
        ? answer.json
        : answer.json && typeof answer.json === 'object'
          ? [answer.json]
          : undefined;
      if (!items) throw malformed(answer, name, 'created configuration');
      return items.map((item) => toConfig(item, answer, name));
    },
    async list(name) {
      const answer = await transport.send('GET', path(name), undefined, name);
      if (answer.status !== 200)
        throw answerError(answer, 'GET', transport.url(path(name)), name, ctx);
      if (!Array.isArray(answer.json)) throw malformed(answer, name, 'list of configurations');
      return answer.json.map((item) => toConfig(item, answer, name));
    },
    async revoke(name, id) {
      const p = `${path(name)}/${encodeURIComponent(id)}`;
      const answer = await transport.send('DELETE', p, undefined, name);
      if (answer.status < 200 || answer.status >= 300)
        throw answerError(answer, 'DELETE', transport.url(p), name, ctx);
    },
  };
}

function toConfig(item: unknown, answer: RegistryAnswer, name: string): TrustConfig {
  const c = item as Partial<TrustConfig> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    typeof c.type !== 'string' ||
    !c.claims ||
    typeof c.claims !== 'object'
  ) {
    throw malformed(answer, name, 'configuration with type and claims');
  }
  return {
    id: typeof c.id === 'string' ? c.id : String(c.id ?? ''),
    type: c.type,
    claims: c.claims,
    ...(Array.isArray(c.permissions) ? { permissions: c.permissions.map(String) } : {}),
  };
}

function malformed(answer: RegistryAnswer, name: string, expected: string): TrustpubError {
  return new TrustpubError(
    'TRUST_MALFORMED_RESPONSE',
    `The registry answered ${answer.status} for ${name} but not with a ${expected}.`,
    {
      hint: FIXES.TRUST_MALFORMED_RESPONSE.trustApi,
      httpStatus: answer.status,
      packageName: name,
    },
  );
}

/** One code per failure, with the registry's own message and what to change. */
function answerError(
  answer: RegistryAnswer,
  method: string,
  url: string,
  name: string,
  ctx: CoreContext,
): TrustpubError {
  const registryMessage = registryMessageOf(answer.text, ctx) ?? '';
  const what = `${method} ${url} answered ${answer.status}${registryMessage ? `: ${registryMessage}` : ''}`;
  const common = { httpStatus: answer.status, registryMessage, packageName: name };
  switch (answer.status) {
    case 400:
      return new TrustpubError(
        'TRUST_INVALID_INPUT',
        `The registry refused the trust configuration for ${name}. ${what}`,
        {
          ...common,
          hint: FIXES.TRUST_INVALID_INPUT.registryRefused,
        },
      );
    case 401:
      return new TrustpubError(
        'TRUST_AUTH_REJECTED',
        `The registry did not accept the user token for ${name}. ${what}`,
        {
          ...common,
          hint: FIXES.TRUST_AUTH_REJECTED.tokenRejected,
        },
      );
    case 403:
      return new TrustpubError(
        'TRUST_AUTH_REJECTED',
        `The user may not manage trusted publishers of ${name}. ${what}`,
        {
          ...common,
          hint: FIXES.TRUST_AUTH_REJECTED.notAllowed,
        },
      );
    case 404:
      return new TrustpubError(
        'TRUST_NOT_FOUND',
        `${method === 'DELETE' ? 'No such trust configuration or package' : 'Package not found'}: ${name}. ${what}`,
        {
          ...common,
          hint:
            method === 'DELETE'
              ? FIXES.TRUST_NOT_FOUND.configuration({ name })
              : FIXES.TRUST_NOT_FOUND.package,
        },
      );
    case 409:
      return new TrustpubError(
        'TRUST_CONFLICT',
        `${name} already has a trusted publisher configuration. ${what}`,
        {
          ...common,
          hint: FIXES.TRUST_CONFLICT({ name }),
        },
      );
    default:
      return new TrustpubError('TRUST_HTTP_ERROR', `Trust API call for ${name} failed. ${what}`, {
        ...common,
        hint: FIXES.TRUST_HTTP_ERROR.trustApi,
      });
  }
}
