import { readFile } from 'node:fs/promises';
import type { CoreContext } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';
import { parseJson, registryMessageOf, registryRequest } from '../registry/index.js';

/**
 * GitHub's ID-token request flow, as npm and `@actions/core` use it: GET the request URL with
 * `&audience=<aud>` appended (percent-encoded), bearer = the request token, read `value` from the JSON.
 * The GET is retried only on 408/429/5xx and connection failures (http.ts policy).
 */
export async function requestGithubIdToken(audience: string, ctx: CoreContext): Promise<string> {
  const requestUrl = ctx.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = ctx.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  ctx.secrets.add(requestToken);
  if (!requestUrl || !requestToken) throw await missingPermission(ctx);

  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    throw new TrustpubError(
      'ID_TOKEN_REQUEST_URL_INVALID',
      'ACTIONS_ID_TOKEN_REQUEST_URL is not a valid URL.',
      {
        hint: FIXES.ID_TOKEN_REQUEST_URL_INVALID,
      },
    );
  }
  url.searchParams.append('audience', audience);

  const res = await registryRequest(
    {
      method: 'GET',
      url,
      token: requestToken,
      headers: { accept: 'application/json' },
      kind: 'id-token',
      networkErrorCode: 'ID_TOKEN_NETWORK',
      purpose: 'the GitHub ID-token request',
    },
    ctx,
  );
  if (res.status < 200 || res.status > 299) {
    const registryMessage = registryMessageOf(res.text, ctx);
    throw new TrustpubError(
      'ID_TOKEN_REQUEST_FAILED',
      `GitHub refused the ID-token request for audience "${audience}" with HTTP ${res.status}${registryMessage ? `: ${registryMessage}` : ''}.`,
      {
        hint:
          res.status >= 500
            ? FIXES.ID_TOKEN_REQUEST_FAILED.githubServerError
            : FIXES.ID_TOKEN_REQUEST_FAILED.github,
        httpStatus: res.status,
        ...(registryMessage ? { registryMessage } : {}),
      },
    );
  }
  const parsed = parseJson(res.text);
  if (!parsed.ok) {
    throw new TrustpubError(
      'ID_TOKEN_MALFORMED_RESPONSE',
      `GitHub answered the ID-token request with HTTP ${res.status} but the body is not JSON.`,
      {
        hint: FIXES.ID_TOKEN_MALFORMED_RESPONSE,
        httpStatus: res.status,
      },
    );
  }
  const value = (parsed.value as { value?: unknown } | null)?.value;
  if (typeof value !== 'string' || !value) {
    throw new TrustpubError(
      'ID_TOKEN_VALUE_MISSING',
      `GitHub answered the ID-token request with HTTP ${res.status} JSON that has no "value" field (no ID token).`,
      {
        hint: FIXES.ID_TOKEN_VALUE_MISSING,
        httpStatus: res.status,
      },
    );
  }
  ctx.secrets.add(value);
  return value;
}

/** A fork's pull request never gets ID tokens; anything else without the variables lacks the permission. */
async function missingPermission(ctx: CoreContext): Promise<TrustpubError> {
  if (await isForkPullRequest(ctx)) {
    return new TrustpubError(
      'ID_TOKEN_FORK_PULL_REQUEST',
      'This job runs for a pull request from a fork, and GitHub never gives such jobs an ID token.',
      {
        hint: FIXES.ID_TOKEN_FORK_PULL_REQUEST,
        details: { eventName: ctx.env.GITHUB_EVENT_NAME ?? null },
      },
    );
  }
  return new TrustpubError(
    'ID_TOKEN_PERMISSION_MISSING',
    'GitHub Actions did not provide ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN, so no ID token can be requested.',
    { hint: FIXES.ID_TOKEN_PERMISSION_MISSING },
  );
}

async function isForkPullRequest(ctx: CoreContext): Promise<boolean> {
  const event = ctx.env.GITHUB_EVENT_NAME;
  if (
    event !== 'pull_request' &&
    event !== 'pull_request_review' &&
    event !== 'pull_request_review_comment'
  ) {
    return false;
  }
  const path = ctx.env.GITHUB_EVENT_PATH;
  if (!path) return false;
  try {
    const payload = JSON.parse(await readFile(path, 'utf8')) as {
      pull_request?: { head?: { repo?: { fork?: unknown; full_name?: unknown } } };
    };
    const head = payload.pull_request?.head?.repo;
    return (
      head?.fork === true ||
      (typeof head?.full_name === 'string' && head.full_name !== ctx.env.GITHUB_REPOSITORY)
    );
  } catch {
    return false;
  }
}
