import type { CoreContext, Access, CiInfo, IdTokenClaims } from '../kernel/index.js';
import { TrustpubError, FIXES } from '../errors/index.js';

/** Everything npm's provenance rule looks at, gathered by the orchestrator before the upload. */
export interface ProvenanceDecisionInput {
  ci: CiInfo | undefined;
  /** The caller's explicit choice (`PublishOptions.provenance`, a face's `--provenance` / `--no-provenance`). */
  requested?: boolean | undefined;
  /** `publishConfig.provenance` from package.json. */
  publishConfig?: unknown;
  /** npm's loaded `provenance` setting (`NPM_CONFIG_PROVENANCE`, `provenance=` in an `.npmrc`), as loaded. */
  npmConfig?: string | boolean | undefined;
  /** Claims of the npm-audience ID token, decoded without verification; undefined when unreadable. */
  claims?: IdTokenClaims | undefined;
  access?: Access | null | undefined;
  /**
   * Asks the registry whether the package is public (`GET /-/package/<esc>/visibility` with the exchanged
   * token; a 404 answers false). Called only when the other conditions hold, as npm does.
   */
  isPackagePublic?: () => Promise<boolean>;
}

/** Where the decision came from: an explicit setting (in precedence order) or npm's automatic rule. */
export type ProvenanceSource = 'option' | 'publishConfig' | 'npm-config' | 'auto';

export type ProvenanceOffReason =
  | 'disabled'
  | 'not-in-ci'
  | 'unsupported-ci'
  | 'claims-unreadable'
  | 'private-repository'
  | 'self-hosted-runner'
  | 'no-sigstore-token'
  | 'private-package'
  | 'visibility-unknown';

export type ProvenanceDecision =
  | { provenance: true; source: ProvenanceSource; provider: 'github' | 'gitlab' }
  | { provenance: false; source: ProvenanceSource; reason: ProvenanceOffReason; message: string };

const SOURCE_TEXT: Record<Exclude<ProvenanceSource, 'auto'>, string> = {
  option: 'the provenance option',
  publishConfig: 'package.json publishConfig.provenance',
  'npm-config': 'npm config provenance (NPM_CONFIG_PROVENANCE or provenance= in an .npmrc)',
};

/**
 * npm's provenance rule and libnpmpublish's preconditions (docs/protocol.md, provenance). An explicit setting wins,
 * in this order: the caller's option, `publishConfig.provenance`, npm config. An explicit `true` that cannot
 * work throws a `PROVENANCE_*` error before anything is sent. Without one, provenance is on for a public
 * GitHub repository, or a public GitLab project with `SIGSTORE_ID_TOKEN`, when the package is public; never
 * on CircleCI.
 *
 * Two deliberate differences from npm: `publishConfig.provenance: false` turns provenance off (npm's docs
 * promise it, npm 11.5-12.2 ignore it under OIDC), and the automatic rule stays off where npm would switch
 * provenance on and then fail: a self-hosted runner (npmjs answers 422) or a GitHub job that can only read
 * `NPM_ID_TOKEN` and has no way to ask for a `sigstore` token.
 */
export async function decideProvenance(
  input: ProvenanceDecisionInput,
  ctx: Pick<CoreContext, 'env' | 'secrets'>,
): Promise<ProvenanceDecision> {
  const explicit = explicitSetting(input);
  if (explicit?.value === false) {
    return {
      provenance: false,
      source: explicit.source,
      reason: 'disabled',
      message: `Provenance is turned off by ${SOURCE_TEXT[explicit.source]}.`,
    };
  }
  if (explicit) return requireProvenance(input, explicit.source, ctx);
  return automatic(input, ctx);
}

function explicitSetting(
  input: ProvenanceDecisionInput,
): { value: boolean; source: Exclude<ProvenanceSource, 'auto'> } | undefined {
  if (input.requested !== undefined) return { value: input.requested, source: 'option' };
  const fromManifest = toBoolean(input.publishConfig, 'publishConfig');
  if (fromManifest !== undefined) return { value: fromManifest, source: 'publishConfig' };
  const fromConfig = toBoolean(input.npmConfig, 'npm-config');
  if (fromConfig !== undefined) return { value: fromConfig, source: 'npm-config' };
  return undefined;
}

/** npm's Boolean config parsing: `true`/`false` (strings from .npmrc and env included); anything else is an error. */
function toBoolean(value: unknown, source: Exclude<ProvenanceSource, 'auto'>): boolean | undefined {
  // An empty value (`NPM_CONFIG_PROVENANCE=`) sets nothing.
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new TrustpubError(
    'CONFIG_INVALID_OPTION',
    `${SOURCE_TEXT[source]} is ${JSON.stringify(value)}, not true or false.`,
    {
      hint: FIXES.CONFIG_INVALID_OPTION.provenance,
    },
  );
}

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the job can get a `sigstore`-audience identity token, the way npm's signer looks for one. */
function canGetSigstoreToken(ci: CiInfo, env: Env): boolean {
  if (env.SIGSTORE_ID_TOKEN) return true;
  return (
    ci.provider === 'github' &&
    Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
  );
}

function repositoryVisibility(ci: CiInfo, claims: IdTokenClaims | undefined): string | undefined {
  if (!claims) return undefined;
  const value = ci.provider === 'github' ? claims.repository_visibility : claims.project_visibility;
  return value === undefined || value === null
    ? undefined
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
}

function selfHosted(ci: CiInfo, claims: IdTokenClaims | undefined): boolean {
  return claims?.runner_environment === 'self-hosted' || ci.runnerEnvironment === 'self-hosted';
}

async function requireProvenance(
  input: ProvenanceDecisionInput,
  source: Exclude<ProvenanceSource, 'auto'>,
  ctx: Pick<CoreContext, 'env' | 'secrets'>,
): Promise<ProvenanceDecision> {
  const { ci, claims } = input;
  const by = SOURCE_TEXT[source];
  // The change that turns provenance off where it was asked for.
  const turnOff =
    source === 'publishConfig'
      ? 'remove publishConfig.provenance'
      : source === 'option'
        ? 'drop --provenance'
        : 'remove provenance=true';
  if (!ci || ci.provider === 'circleci') {
    const where = ci
      ? 'provenance cannot be generated on CircleCI (npm: "Automatic provenance generation not supported for provider: CircleCI")'
      : 'no supported CI was detected (npm: "Automatic provenance generation not supported for provider: null")';
    throw new TrustpubError(
      'PROVENANCE_UNSUPPORTED_CI',
      `Provenance was requested by ${by}, but ${where}.`,
      {
        hint: FIXES.PROVENANCE_UNSUPPORTED_CI({ turnOff }),
      },
    );
  }
  if (!canGetSigstoreToken(ci, ctx.env)) {
    throw ci.provider === 'github'
      ? new TrustpubError(
          'PROVENANCE_NO_SIGSTORE_TOKEN',
          `Provenance was requested by ${by}, but this GitHub Actions job cannot request a "sigstore" identity token (ACTIONS_ID_TOKEN_REQUEST_URL is not set).`,
          {
            hint: FIXES.PROVENANCE_NO_SIGSTORE_TOKEN.github({ turnOff }),
          },
        )
      : new TrustpubError(
          'PROVENANCE_NO_SIGSTORE_TOKEN',
          `Provenance was requested by ${by}, but SIGSTORE_ID_TOKEN is not set in this GitLab job.`,
          {
            hint: FIXES.PROVENANCE_NO_SIGSTORE_TOKEN.gitlab({ turnOff }),
          },
        );
  }
  const visibility = repositoryVisibility(ci, claims);
  if (visibility !== undefined && visibility !== 'public') {
    const claim = ci.provider === 'github' ? 'repository_visibility' : 'project_visibility';
    throw new TrustpubError(
      'PROVENANCE_PRIVATE_REPOSITORY',
      `Provenance was requested by ${by}, but the ID token says the source repository is ${visibility} (claim "${claim}"); npmjs accepts provenance only from public repositories.`,
      {
        hint: FIXES.PROVENANCE_PRIVATE_REPOSITORY({ turnOff }),
        details: { [claim]: visibility },
      },
    );
  }
  if (selfHosted(ci, claims)) {
    throw new TrustpubError(
      'PROVENANCE_SELF_HOSTED_RUNNER',
      `Provenance was requested by ${by}, but this job runs on a self-hosted runner (runner_environment "self-hosted"); npmjs refuses provenance from self-hosted runners.`,
      {
        hint:
          ci.provider === 'github'
            ? FIXES.PROVENANCE_SELF_HOSTED_RUNNER.github({ turnOff })
            : FIXES.PROVENANCE_SELF_HOSTED_RUNNER.gitlab({ turnOff }),
      },
    );
  }
  // libnpmpublish asks for the package's visibility unless access is public, and refuses private packages.
  if (input.access !== 'public') {
    const isPublic =
      input.access === 'restricted'
        ? false
        : input.isPackagePublic
          ? await input.isPackagePublic()
          : true;
    if (!isPublic) {
      throw new TrustpubError(
        'PROVENANCE_PRIVATE_PACKAGE',
        `Provenance was requested by ${by}, but the package is ${input.access === 'restricted' ? 'published with access "restricted"' : 'not public on the registry'}; provenance is only for public packages (npm: "Can't generate provenance for new or private package, you must set \`access\` to public.").`,
        {
          hint: FIXES.PROVENANCE_PRIVATE_PACKAGE({ turnOff }),
        },
      );
    }
  }
  return { provenance: true, source, provider: ci.provider };
}

async function automatic(
  input: ProvenanceDecisionInput,
  ctx: Pick<CoreContext, 'env' | 'secrets'>,
): Promise<ProvenanceDecision> {
  const off = (reason: ProvenanceOffReason, message: string): ProvenanceDecision => ({
    provenance: false,
    source: 'auto',
    reason,
    message,
  });
  const { ci, claims } = input;
  if (!ci) return off('not-in-ci', 'No provenance: not running in a supported CI.');
  if (ci.provider === 'circleci')
    return off('unsupported-ci', 'No provenance: npm never generates provenance on CircleCI.');
  if (!claims)
    return off(
      'claims-unreadable',
      'No provenance: the ID token’s claims could not be read, so the repository’s visibility is unknown.',
    );
  const visibility = repositoryVisibility(ci, claims);
  if (visibility !== 'public') {
    const claim = ci.provider === 'github' ? 'repository_visibility' : 'project_visibility';
    return off(
      'private-repository',
      `No provenance: the ID token says the repository is ${visibility ?? '(not stated)'} (claim "${claim}"); npm adds provenance automatically only for public repositories.`,
    );
  }
  if (ci.provider === 'gitlab' && !ctx.env.SIGSTORE_ID_TOKEN) {
    return off(
      'no-sigstore-token',
      'No provenance: SIGSTORE_ID_TOKEN is not set (declare `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore` in .gitlab-ci.yml to get it).',
    );
  }
  if (!canGetSigstoreToken(ci, ctx.env)) {
    return off(
      'no-sigstore-token',
      'No provenance: this GitHub job cannot request a "sigstore" identity token (ACTIONS_ID_TOKEN_REQUEST_URL is not set; add `permissions: id-token: write`).',
    );
  }
  if (selfHosted(ci, claims)) {
    return off(
      'self-hosted-runner',
      'No provenance: the job runs on a self-hosted runner, and npmjs refuses provenance from self-hosted runners.',
    );
  }
  if (!input.isPackagePublic)
    return off(
      'visibility-unknown',
      'No provenance: the package’s visibility on the registry was not checked.',
    );
  try {
    if (!(await input.isPackagePublic()))
      return off('private-package', 'No provenance: the package is not public on the registry.');
  } catch (e) {
    // npm logs "Failed to set provenance" and publishes without it: a public package would silently
    // lose the provenance it has always had. The check was already retried; fail this package instead.
    const code = (e as { code?: unknown }).code;
    throw new TrustpubError(
      'PROVENANCE_CHECK_FAILED',
      `Provenance is due (public repository on ${ci.provider === 'github' ? 'GitHub' : 'GitLab'}), but the registry's visibility check failed, so nothing was uploaded rather than publishing without provenance: ${ctx.secrets.redact((e as Error).message)}`,
      {
        hint: FIXES.PROVENANCE_CHECK_FAILED,
        details: { cause: typeof code === 'string' ? code : null },
      },
    );
  }
  return { provenance: true, source: 'auto', provider: ci.provider };
}
