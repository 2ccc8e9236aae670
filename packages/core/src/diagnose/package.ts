import { FIXES } from '../errors/index.js';
import { matchingSettings } from '../oidc/index.js';
import { inferRepository } from '../workspace/index.js';
import type { Access, CiInfo, Finding, IdTokenClaims } from '../kernel/index.js';
import type { Packument } from '../registry/index.js';

/** What the diagnosis needs to know about one package it will publish. */
export interface DiagnosePackage {
  name: string;
  version: string;
  registry: string;
  manifest: Readonly<Record<string, unknown>>;
  /** false: the registry does not know the package; undefined: not looked up. */
  existsOnRegistry?: boolean | undefined;
  /** The packument the plan read, when it read one (the manifest checks compare with `latest`). */
  packument?: Packument | undefined;
  /** This package's dist-tag, when the release decides it per package (changesets' pre mode). */
  tag?: string | undefined;
  /** This package's access, when the release decides it per package. */
  access?: Access | undefined;
}

export interface PackageCheckInput {
  pkg: DiagnosePackage;
  ci: CiInfo | undefined;
  claims: IdTokenClaims | undefined;
  access: Access | undefined;
  /** Explicit provenance request (`true`/`false`), undefined for npm's automatic rule. */
  provenance: boolean | undefined;
  /** Whether provenance will be made for this package. */
  willSign: boolean;
}

/** Checks that need no request: access, first publish, repository and provenance preconditions. */
export function diagnosePackage(input: PackageCheckInput): Finding[] {
  const { pkg, ci, claims } = input;
  const findings: Finding[] = [];
  const publishConfig = (pkg.manifest.publishConfig ?? {}) as Record<string, unknown>;
  const access = input.access ?? (publishConfig.access as Access | undefined);
  if (access === 'restricted' && !pkg.name.startsWith('@')) {
    findings.push({
      code: 'CONFIG_RESTRICTED_UNSCOPED',
      severity: 'error',
      packageName: pkg.name,
      message: `${pkg.name} is to be published with access "restricted", but unscoped packages are always public.`,
      hint: FIXES.CONFIG_RESTRICTED_UNSCOPED({ name: pkg.name }),
    });
  }
  if (pkg.existsOnRegistry === false) {
    // The command for the job's own provider, with --bootstrap (a placeholder first); without a CI
    // there are no claims to build it from, so only its shape can be named.
    const command = ci
      ? `\`${matchingSettings(ci, claims ?? {}, pkg.name, { packageExists: false }).command}\``
      : `\`trustpub trust github|gitlab|circleci ${pkg.name} ... --allow-publish --bootstrap\` with the settings of the CI job that will publish it`;
    findings.push({
      code: 'EXCHANGE_PACKAGE_NOT_FOUND',
      severity: 'error',
      packageName: pkg.name,
      message: `${pkg.name} does not exist on ${pkg.registry} yet. npm only lets a trusted publisher be configured for an existing package, so the first version cannot be published token-free.`,
      hint: FIXES.EXCHANGE_PACKAGE_NOT_FOUND({ command }),
      details: { registry: pkg.registry },
    });
  }
  const visibility = claims?.repository_visibility ?? claims?.project_visibility;
  if (input.provenance === true && visibility !== undefined && visibility !== 'public') {
    findings.push({
      code: 'PROVENANCE_PRIVATE_REPOSITORY',
      severity: 'error',
      packageName: pkg.name,
      message: `Provenance was requested for ${pkg.name}, but the ID token says the repository is ${typeof visibility === 'string' ? visibility : JSON.stringify(visibility)}; npmjs refuses provenance from non-public repositories.`,
      hint: FIXES.PROVENANCE_PRIVATE_REPOSITORY({
        turnOff: '--no-provenance, or remove publishConfig.provenance',
      }),
      details: { visibility },
    });
  }
  const ciRepository =
    (claims?.repository as string | undefined) ??
    (claims?.project_path as string | undefined) ??
    ci?.repository;
  if (ciRepository && ci && ci.provider !== 'circleci') {
    const declared = inferRepository(pkg.manifest);
    // Same owner/name on the same kind of host: a GitHub URL in a GitLab job does not match.
    const matches =
      declared !== undefined &&
      declared.type === ci.provider &&
      declared.repository === ciRepository;
    if (!matches) {
      const expected = `${ci.serverUrl ?? (ci.provider === 'gitlab' ? 'https://gitlab.com' : 'https://github.com')}/${ciRepository}`;
      findings.push({
        code: 'CONFIG_REPOSITORY_MISMATCH',
        severity: input.willSign ? 'error' : 'warning',
        packageName: pkg.name,
        message: declared
          ? `${pkg.name}'s package.json "repository" points at ${declared.repository} on ${declared.type}, but this job runs in ${ciRepository} on ${ci.provider}${declared.repository.toLowerCase() === ciRepository.toLowerCase() ? ' (they differ only in case, and the registry compares them exactly)' : ''}${input.willSign ? '; npmjs refuses provenance whose repository does not match' : ''}.`
          : `${pkg.name}'s package.json has no usable "repository" field, but this job runs in ${ciRepository}${input.willSign ? '; npmjs refuses provenance without a matching repository.url' : ''}.`,
        hint: FIXES.CONFIG_REPOSITORY_MISMATCH({ name: pkg.name, url: `git+${expected}.git` }),
        details: {
          declared: declared?.repository ?? null,
          declaredHost: declared?.type ?? null,
          ci: ciRepository,
          ciHost: ci.provider,
        },
      });
    }
  }
  return findings;
}
