import { FIXES, TrustpubError, isTrustpubError } from '../errors/index.js';
import type { CoreContext } from '../kernel/index.js';
import {
  escapePackageName,
  parseJson,
  registryMessageOf,
  registryRequest,
} from '../registry/index.js';
import { OIDC_PERMISSION_DENIED, permissionDenied } from './upload.js';
import type { UploadInput } from './upload-send.js';

/**
 * `POST <registry>/-/stage/package/<esc>` with the publish body (npm 11.15+ `npm stage publish`): the
 * version waits in the registry's stage queue until a maintainer approves it with 2FA. Never retried.
 * Returns the stage id the registry gave it.
 */
export async function stageUpload(input: UploadInput, ctx: CoreContext): Promise<string> {
  const { name, version } = input;
  let res;
  try {
    res = await registryRequest(
      {
        method: 'POST',
        url: new URL(`-/stage/package/${escapePackageName(name)}`, input.registry),
        token: input.token,
        headers: {
          'user-agent': ctx.userAgent,
          accept: 'application/json',
          'npm-command': 'stage',
          'npm-auth-type': 'web',
          'content-type': 'application/json',
        },
        body: JSON.stringify(input.body),
        retry: false,
        timeoutMs: 300_000,
        purpose: `staging ${name}@${version}`,
      },
      ctx,
    );
  } catch (error) {
    if (!isTrustpubError(error)) throw error;
    throw new TrustpubError(
      error.code,
      `${error.message} ${name}@${version} may or may not have been staged.`,
      {
        hint: `${FIXES.REGISTRY_NETWORK.stageUnknown({ name })} ${error.hint}`,
        packageName: name,
      },
    );
  }
  const registryMessage = registryMessageOf(res.text, ctx);
  if (res.status >= 200 && res.status <= 299) {
    const parsed = parseJson(res.text);
    const id = parsed.ok ? (parsed.value as { stageId?: unknown } | null)?.stageId : undefined;
    if (typeof id === 'string' && id) return id;
    throw new TrustpubError(
      'STAGE_REQUEST_FAILED',
      `The registry accepted ${name}@${version} for staging (HTTP ${res.status}) but answered no stage id.`,
      {
        hint: FIXES.STAGE_REQUEST_FAILED.noStageId({ name }),
        httpStatus: res.status,
        packageName: name,
      },
    );
  }
  const common = {
    httpStatus: res.status,
    packageName: name,
    ...(registryMessage ? { registryMessage } : {}),
  };
  const said = registryMessage ? `: ${registryMessage}` : '';
  if (res.status === 403 && registryMessage?.includes(OIDC_PERMISSION_DENIED))
    throw permissionDenied(name, version, 'stage', common);
  if (
    res.status === 409 ||
    (res.status === 403 && /cannot publish over|previously published/i.test(registryMessage ?? ''))
  ) {
    throw new TrustpubError(
      'PUBLISH_VERSION_CONFLICT',
      `${name}@${version} is already published or staged on ${input.registry} (HTTP ${res.status}${said}); staged and published versions share one version list. Nothing was staged.`,
      {
        hint: FIXES.PUBLISH_VERSION_CONFLICT.staged({ name, version }),
        ...common,
      },
    );
  }
  throw new TrustpubError(
    'STAGE_REQUEST_FAILED',
    `The registry refused to stage ${name}@${version} (HTTP ${res.status}${said}). Nothing was staged.`,
    {
      hint:
        res.status === 404 || res.status === 405
          ? FIXES.STAGE_REQUEST_FAILED.unsupported
          : FIXES.STAGE_REQUEST_FAILED.refused,
      ...common,
    },
  );
}
