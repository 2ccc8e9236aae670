import type { CoreContext } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import { registryMessageOf } from '../registry/index.js';
import { sendUpload, type UploadInput } from './upload-send.js';

/**
 * `PUT <registry>/<esc>` with the publish body (the registry path prefix is kept, unlike the exchange),
 * sent as upload-send.ts says: never blindly twice. Returns `exists` when the registry says the version
 * is already there (npmjs: 403 "cannot publish over"; Verdaccio: 409) so the caller can compare
 * integrities. Every refusal it throws is checked: nothing was published.
 */
export async function uploadPackage(
  input: UploadInput & { provenance: boolean },
  ctx: CoreContext,
): Promise<'created' | 'exists'> {
  const { name, version } = input;
  const sent = await sendUpload(input, ctx);
  if (sent.kind === 'stored') return 'created';
  if (sent.kind === 'exists') return 'exists';
  const res = sent.res;
  if (res.status >= 200 && res.status <= 299) return 'created';
  const registryMessage = registryMessageOf(res.text, ctx);
  if (
    res.status === 409 ||
    (res.status === 403 && /cannot publish over|previously published/i.test(registryMessage ?? ''))
  )
    return 'exists';
  const said = registryMessage ? `: ${registryMessage}` : '';
  const common = {
    httpStatus: res.status,
    packageName: name,
    ...(registryMessage ? { registryMessage } : {}),
  };
  if (res.status === 422 && input.provenance) {
    throw new TrustpubError(
      'PUBLISH_PROVENANCE_REJECTED',
      `The registry rejected the provenance of ${name}@${version} (HTTP 422${said}). Nothing was published.`,
      {
        hint: FIXES.PUBLISH_PROVENANCE_REJECTED,
        ...common,
      },
    );
  }
  if (res.status === 401) {
    throw new TrustpubError(
      'PUBLISH_UNAUTHORIZED',
      `The registry did not accept the token for the upload of ${name}@${version} (HTTP 401${said}). Nothing was published.`,
      {
        hint: FIXES.PUBLISH_UNAUTHORIZED,
        ...common,
      },
    );
  }
  if (res.status === 403 && registryMessage?.includes(OIDC_PERMISSION_DENIED))
    throw permissionDenied(name, version, 'publish', common);
  if (res.status === 403 || res.status === 404) {
    throw new TrustpubError(
      'PUBLISH_FORBIDDEN',
      `The registry refused the upload of ${name}@${version} (HTTP ${res.status}${said}). Nothing was published.`,
      {
        hint: FIXES.PUBLISH_FORBIDDEN,
        ...common,
      },
    );
  }
  throw new TrustpubError(
    'PUBLISH_REJECTED',
    `The registry rejected the upload of ${name}@${version} with HTTP ${res.status}${said}. Nothing was published.`,
    {
      hint: res.status >= 500 ? FIXES.PUBLISH_REJECTED.serverError : FIXES.PUBLISH_REJECTED.refused,
      ...common,
    },
  );
}

/** npmjs's answer when a trusted publisher's token is used for an action its configuration does not allow. */
export const OIDC_PERMISSION_DENIED = 'OIDC permission denied for this action';

/**
 * A trusted publisher allows `npm publish` (createPackage), `npm stage publish` (createStagedPackage) or
 * both; npmjs exchanges the token either way and refuses the upload. (A package whose publishing access
 * refuses OIDC gets the same text.)
 */
export function permissionDenied(
  name: string,
  version: string,
  action: 'publish' | 'stage',
  common: { httpStatus: number; packageName: string; registryMessage?: string },
): TrustpubError {
  return new TrustpubError(
    'PUBLISH_PERMISSION_DENIED',
    `The registry refused to ${action} ${name}@${version}: "${OIDC_PERMISSION_DENIED}" (HTTP 403). The token exchange succeeded, so the trusted publisher matches but does not allow ${action === 'publish' ? 'publishing directly (it may be stage-only)' : 'staged publishing'}. Nothing was ${action === 'publish' ? 'published' : 'staged'}.`,
    {
      hint:
        action === 'publish'
          ? FIXES.PUBLISH_PERMISSION_DENIED.publish({ name })
          : FIXES.PUBLISH_PERMISSION_DENIED.stage({ name }),
      ...common,
    },
  );
}
