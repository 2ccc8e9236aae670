import { decodeClaims, relevantClaims } from './claims.js';
import type { CoreContext, CiInfo, CiProvider, IdTokenClaims } from '../kernel/index.js';
import { comparedFields, matchingSettings, type PublisherSituation } from './expected-publisher.js';
import { audienceFor } from './id-token.js';
import { TrustpubError, type TrustpubErrorCode, FIXES } from '../errors/index.js';
import {
  parseJson,
  registryMessageOf,
  registryRequest,
  escapePackageName,
  readPackument,
} from '../registry/index.js';

/** A package-scoped token from the exchange. Lives in memory for that one package's requests only. */
export interface ExchangedToken {
  token: string;
  packageName: string;
  registry: string;
  /** `expires` as the registry sent it, when it did. */
  expires?: string;
  /** `created` as the registry sent it, when it did (with `expires`: the token's lifetime). */
  created?: string;
}

export interface ExchangeInput {
  registry: string;
  packageName: string;
  idToken: string;
  /** The command npm would name in `npm-command` (`publish`, `dist-tag`). */
  command?: 'publish' | 'dist-tag';
  /** Used to describe the trusted publisher that would match; inferred from the claims when absent. */
  ci?: CiInfo;
}

/**
 * `POST <origin>/-/npm/v1/oidc/token/exchange/package/<esc>` with the ID token as bearer and an empty
 * body, exactly as npm sends it. The path is root-relative (a registry path prefix is dropped). A 408,
 * 429 (after its Retry-After) or 5xx and a lost answer are retried with backoff: a token the registry
 * minted for a lost attempt is short-lived and bound to this package, so asking again is safe. Every
 * failure has its own code.
 */
export async function exchangeToken(
  input: ExchangeInput,
  ctx: CoreContext,
): Promise<ExchangedToken> {
  ctx.secrets.add(input.idToken);
  const url = new URL(
    `/-/npm/v1/oidc/token/exchange/package/${escapePackageName(input.packageName)}`,
    input.registry,
  );
  const res = await registryRequest(
    {
      method: 'POST',
      url,
      token: input.idToken,
      headers: { accept: '*/*', 'npm-command': input.command ?? 'publish', 'npm-auth-type': 'web' },
      body: '',
      retry: {},
      kind: 'exchange',
      networkErrorCode: 'EXCHANGE_NETWORK',
      purpose: `the token exchange for ${input.packageName}`,
    },
    ctx,
  );
  if (res.status >= 200 && res.status <= 299) {
    const parsed = parseJson(res.text);
    const body =
      parsed.ok && typeof parsed.value === 'object' && parsed.value !== null
        ? (parsed.value as Record<string, unknown>)
        : undefined;
    if (typeof body?.token !== 'string' || !body.token) {
      throw new TrustpubError(
        'EXCHANGE_MALFORMED_RESPONSE',
        `The token exchange for ${input.packageName} answered HTTP ${res.status} ${parsed.ok ? 'without a "token" field' : 'with a body that is not JSON'}.`,
        {
          hint: FIXES.EXCHANGE_MALFORMED_RESPONSE({ origin: url.origin }),
          httpStatus: res.status,
          packageName: input.packageName,
        },
      );
    }
    ctx.secrets.add(body.token);
    ctx.logger.debug(`token exchange for ${input.packageName}: got a package-scoped token`);
    return {
      token: body.token,
      packageName: input.packageName,
      registry: input.registry,
      ...(typeof body.expires === 'string' ? { expires: body.expires } : {}),
      ...(typeof body.created === 'string' ? { created: body.created } : {}),
    };
  }
  throw await refusal(input, res.status, registryMessageOf(res.text, ctx), ctx);
}

async function refusal(
  input: ExchangeInput,
  status: number,
  registryMessage: string | undefined,
  ctx: CoreContext,
): Promise<TrustpubError> {
  const said = registryMessage ? `: ${registryMessage}` : '';
  const name = input.packageName;
  // On a 404 the packument says which of the two it is, and so which flags the fix command needs.
  const exists =
    status === 404 ? await packageExists(input, ctx) : status === 403 ? true : undefined;
  const about = describeToken(input, ctx, { packageExists: exists });
  const common = {
    httpStatus: status,
    packageName: name,
    ...(registryMessage ? { registryMessage } : {}),
    details: about.details,
  };
  let code: TrustpubErrorCode;
  let message: string;
  let hint: string;
  if (status === 401) {
    code = 'EXCHANGE_UNAUTHORIZED';
    message = `The registry did not accept the ID token for ${name} (HTTP 401${said}).`;
    hint = FIXES.EXCHANGE_UNAUTHORIZED({ audience: audienceFor(input.registry) });
  } else if (status === 404) {
    if (exists === false) {
      code = 'EXCHANGE_PACKAGE_NOT_FOUND';
      message = `${name} does not exist on ${input.registry} yet, and the registry cannot exchange a token for a package that has never been published (HTTP 404${said}).`;
      hint = FIXES.EXCHANGE_PACKAGE_NOT_FOUND({ command: about.runnable });
    } else if (about.selfHosted) {
      // The cause comes first: a matching trusted publisher would not help, so none is suggested.
      code = 'EXCHANGE_NO_TRUSTED_PUBLISHER';
      message = `${name}: this job runs on a self-hosted runner (runner_environment "self-hosted"), and npmjs supports trusted publishing only from hosted runners (GitHub-hosted runners, GitLab.com shared runners, CircleCI cloud), so the exchange was refused whatever the trusted publisher says (HTTP 404${said}).`;
      hint = FIXES.EXCHANGE_NO_TRUSTED_PUBLISHER.selfHostedRunner({ fields: about.fields });
    } else {
      code = 'EXCHANGE_NO_TRUSTED_PUBLISHER';
      message = `No trusted publisher of ${name} matches this job's ID token (HTTP 404${said}).${about.job ? ` This job is: ${about.job}.` : ''}${about.note ?? ''}`;
      hint = FIXES.EXCHANGE_NO_TRUSTED_PUBLISHER.mismatch({
        fields: about.fields,
        command: about.runnable,
      });
    }
  } else if (status === 400) {
    code = 'EXCHANGE_BAD_REQUEST';
    message = `The registry rejected the token exchange request for ${name} as malformed (HTTP 400${said}).`;
    hint = FIXES.EXCHANGE_BAD_REQUEST;
  } else if (status === 403) {
    code = 'EXCHANGE_FORBIDDEN';
    message = `The registry refused to let this job's identity publish ${name} (HTTP 403${said}).`;
    hint = FIXES.EXCHANGE_FORBIDDEN({ command: about.runnable });
  } else {
    code = 'EXCHANGE_HTTP_ERROR';
    message = `The token exchange for ${name} failed with HTTP ${status}${said}.`;
    hint =
      status >= 500 || status === 429
        ? FIXES.EXCHANGE_HTTP_ERROR.temporary
        : FIXES.EXCHANGE_HTTP_ERROR.unexpected;
  }
  return new TrustpubError(code, message, { hint, ...common });
}

/** The token's matching claims and the trusted publisher that would accept them (never the token). */
function describeToken(
  input: ExchangeInput,
  ctx: CoreContext,
  situation: PublisherSituation,
): {
  details: Record<string, unknown>;
  /** The fix command in backticks, or a description of it when the token says too little. */
  runnable: string;
  /** The fields the registry compares, in this provider's words. */
  fields: string;
  /** The token says the job runs on a self-hosted runner, which npmjs does not accept. */
  selfHosted?: boolean;
  job?: string;
  note?: string;
} {
  const unknown = {
    runnable:
      '`trustpub trust github|gitlab|circleci` with the settings of the CI job that publishes',
    fields: 'the CI provider and its repository, workflow or pipeline settings',
  };
  let claims: IdTokenClaims;
  try {
    claims = decodeClaims(input.idToken);
  } catch {
    return { details: { claims: '(the ID token is not a decodable JWT)' }, ...unknown };
  }
  const provider = input.ci?.provider ?? providerOf(claims);
  if (!provider)
    return {
      details: { claims: { iss: claims.iss ?? '(missing)', aud: claims.aud ?? '(missing)' } },
      ...unknown,
    };
  const settings = matchingSettings(
    input.ci ?? { provider, canRequestIdToken: true },
    claims,
    input.packageName,
    situation,
  );
  const shown = relevantClaims(provider, claims);
  ctx.logger.debug(
    `ID token claims for ${input.packageName}: ${ctx.secrets.redact(JSON.stringify(shown))}`,
  );
  const job = Object.entries(settings.fields)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  // Includes the permission flag `trustpub trust` (like npm trust 11.15+) requires.
  const command = settings.command;
  // npmjs matches the calling workflow (workflow_ref); a reusable workflow's own file never matches.
  const reusable =
    typeof claims.job_workflow_ref === 'string' &&
    typeof claims.workflow_ref === 'string' &&
    claims.job_workflow_ref.split('@')[0] !== claims.workflow_ref.split('@')[0];
  const note = reusable
    ? ` The publish runs in a reusable workflow (${String(claims.job_workflow_ref)}); the registry matches the calling workflow (${String(claims.workflow_ref)}), so the trusted publisher must name the caller's file.`
    : '';
  return {
    details: { claims: shown, expectedTrustedPublisher: settings.fields, command },
    runnable: `\`${command}\``,
    fields: comparedFields(provider),
    selfHosted: claims.runner_environment === 'self-hosted',
    job,
    note,
  };
}

function providerOf(claims: IdTokenClaims): CiProvider | undefined {
  if (typeof claims.workflow_ref === 'string' || typeof claims.repository === 'string')
    return 'github';
  if (typeof claims.project_path === 'string') return 'gitlab';
  if (Object.keys(claims).some((k) => k.startsWith('oidc.circleci.com/'))) return 'circleci';
  return undefined;
}

/** Whether the registry serves the package at all (404 on the exchange means either case). */
async function packageExists(input: ExchangeInput, ctx: CoreContext): Promise<boolean | undefined> {
  try {
    const read = await readPackument(input.packageName, input.registry, {}, ctx);
    return read.kind === 'found' ? true : read.kind === 'not-found' ? false : undefined;
  } catch {
    return undefined;
  }
}
