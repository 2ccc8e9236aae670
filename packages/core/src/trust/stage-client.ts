import { FIXES, TrustpubError } from '../errors/index.js';
import type { CoreContext } from '../kernel/index.js';
import { registryMessageOf } from '../registry/index.js';
import type { RegistryAnswer } from './otp.js';
import { createTrustTransport, type TrustAuthOptions } from './request.js';

/** One entry of the registry's stage queue, as `GET /-/stage` lists it (other keys are kept). */
export interface StagedVersionInfo {
  id: string;
  packageName: string;
  version: string;
  tag?: string;
  status?: string;
  createdAt?: string;
  actor?: string;
  actorType?: string;
  shasum?: string;
  [key: string]: unknown;
}

/** A maintainer's view of the stage queue: list and show entries; approve or reject them with 2FA. */
export interface StageClient {
  list(packageName?: string): Promise<StagedVersionInfo[]>;
  view(id: string): Promise<StagedVersionInfo>;
  /** A stage id, or NAME@VERSION looked up in the package's queue. */
  resolve(spec: string): Promise<StagedVersionInfo>;
  approve(id: string): Promise<void>;
  reject(id: string): Promise<void>;
}

export const STAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PER_PAGE = 100;

/**
 * The stage API as npm 11.15+ uses it: `GET /-/stage?package=&page=&perPage=` (`{items, total}`),
 * `GET /-/stage/<id>`, `POST /-/stage/<id>/approve` and `DELETE /-/stage/<id>` (both need 2FA: the
 * one-time password comes from the options, a prompt, or npmjs's web login, as for the trust API).
 */
export function createStageClient(options: TrustAuthOptions, ctx: CoreContext): StageClient {
  const transport = createTrustTransport(options, ctx);
  const fail = (answer: RegistryAnswer, what: string, subject: string): TrustpubError => {
    const message = registryMessageOf(answer.text, ctx);
    if (answer.status === 404)
      return new TrustpubError(
        'STAGE_NOT_FOUND',
        `No staged version ${subject} on ${options.registry} (HTTP 404${message ? `: ${message}` : ''}).`,
        {
          hint: FIXES.STAGE_NOT_FOUND.byId,
          httpStatus: 404,
          ...(message ? { registryMessage: message } : {}),
        },
      );
    return new TrustpubError(
      'STAGE_REQUEST_FAILED',
      `The registry refused to ${what} (HTTP ${answer.status}${message ? `: ${message}` : ''}).`,
      {
        hint:
          answer.status === 401 || answer.status === 403
            ? FIXES.STAGE_REQUEST_FAILED.maintainerToken
            : FIXES.STAGE_REQUEST_FAILED.manageRefused,
        httpStatus: answer.status,
        ...(message ? { registryMessage: message } : {}),
      },
    );
  };
  const item = (value: unknown): StagedVersionInfo | undefined => {
    const v = value as Partial<StagedVersionInfo> | undefined;
    return v &&
      typeof v.id === 'string' &&
      typeof v.packageName === 'string' &&
      typeof v.version === 'string'
      ? (v as StagedVersionInfo)
      : undefined;
  };
  const malformed = (what: string) =>
    new TrustpubError(
      'STAGE_REQUEST_FAILED',
      `The registry's answer to ${what} is not a stage entry list.`,
      {
        hint: FIXES.STAGE_REQUEST_FAILED.noStageApi,
      },
    );

  const client: StageClient = {
    async list(packageName) {
      const items: StagedVersionInfo[] = [];
      for (let page = 0; ; page++) {
        const query = new URLSearchParams({ page: String(page), perPage: String(PER_PAGE) });
        if (packageName) query.set('package', packageName);
        const answer = await transport.send(
          'GET',
          `-/stage?${query.toString()}`,
          undefined,
          packageName ?? 'the stage queue',
        );
        if (answer.status !== 200) throw fail(answer, 'list staged versions', packageName ?? '');
        const body = answer.json as { items?: unknown; total?: unknown } | undefined;
        if (!Array.isArray(body?.items)) throw malformed('the stage list');
        const got = body.items.map(item);
        if (got.some((g) => !g)) throw malformed('the stage list');
        items.push(...(got as StagedVersionInfo[]));
        const total = typeof body.total === 'number' ? body.total : items.length;
        if (items.length >= total || body.items.length < PER_PAGE) return items;
      }
    },
    async view(id) {
      const answer = await transport.send(
        'GET',
        `-/stage/${encodeURIComponent(id)}`,
        undefined,
        id,
      );
      if (answer.status !== 200) throw fail(answer, `show staged version ${id}`, id);
      const found = item(answer.json);
      if (!found) throw malformed(`GET /-/stage/${id}`);
      return found;
    },
    async resolve(spec) {
      if (STAGE_ID.test(spec)) return client.view(spec.toLowerCase());
      const at = spec.lastIndexOf('@');
      if (at <= 0)
        throw new TrustpubError(
          'STAGE_NOT_FOUND',
          `"${spec}" is neither a stage id nor NAME@VERSION.`,
          {
            hint: FIXES.STAGE_NOT_FOUND.badSpec,
          },
        );
      const name = spec.slice(0, at);
      const version = spec.slice(at + 1);
      const found = (await client.list(name)).find(
        (s) => s.packageName === name && s.version === version,
      );
      if (!found)
        throw new TrustpubError(
          'STAGE_NOT_FOUND',
          `No staged version ${name}@${version} on ${options.registry}.`,
          {
            hint: FIXES.STAGE_NOT_FOUND.byVersion({ name }),
            packageName: name,
          },
        );
      return found;
    },
    async approve(id) {
      const answer = await transport.send(
        'POST',
        `-/stage/${encodeURIComponent(id)}/approve`,
        undefined,
        id,
      );
      if (answer.status < 200 || answer.status > 299)
        throw fail(answer, `approve staged version ${id}`, id);
    },
    async reject(id) {
      const answer = await transport.send(
        'DELETE',
        `-/stage/${encodeURIComponent(id)}`,
        undefined,
        id,
      );
      if (answer.status < 200 || answer.status > 299)
        throw fail(answer, `reject staged version ${id}`, id);
    },
  };
  return client;
}
