import type { TrustpubError, TrustpubErrorCode, TrustpubErrorJson } from '../errors/index.js';

export type CiProvider = 'github' | 'gitlab' | 'circleci';

/** What the environment says about the CI job (read from variables only, no network). */
export interface CiInfo {
  provider: CiProvider;
  /** GitHub `OWNER/REPO`, GitLab `group/project`; undefined on CircleCI. */
  repository?: string;
  /** GitHub: workflow ref `OWNER/REPO/.github/workflows/FILE@REF`; GitLab: CI config path. */
  workflowRef?: string;
  ref?: string;
  sha?: string;
  eventName?: string;
  /** `github-hosted` | `self-hosted` on GitHub. */
  runnerEnvironment?: string;
  serverUrl?: string;
  /** Whether the environment offers a way to obtain an ID token at all. */
  canRequestIdToken: boolean;
}

/** Decoded (not verified) ID-token claims; kept for diagnostics. */
export type IdTokenClaims = Readonly<Record<string, unknown>> & {
  iss?: string;
  aud?: string | string[];
  sub?: string;
  exp?: number;
  iat?: number;
};

export type Access = 'public' | 'restricted';

/** The single-package publish call, shared by every face. */
export interface PublishOptions {
  /** Package directory (holds package.json). */
  dir: string;
  /** Publish this already-built tarball as is instead of packing `dir`. */
  tarball?: string;
  /** dist-tag; defaults to `publishConfig.tag`, then `latest`. Required for prereleases. */
  tag?: string;
  access?: Access;
  /** `true` requires provenance, `false` forbids it, undefined applies npm's automatic rule. */
  provenance?: boolean;
  /** Overrides the registry npm would pick. */
  registry?: string;
  /** Skip lifecycle scripts; when unset, npm's `ignore-scripts` setting (env, .npmrc) decides. */
  ignoreScripts?: boolean;
  /** Pack as this package manager (`npm`, `pnpm`, `yarn`, `bun`) instead of detecting the workspace's. */
  packAs?: string;
  dryRun?: boolean;
  /** Versions of the other workspace packages, for `workspace:` ranges. */
  workspace?: WorkspaceIndex;
  /**
   * The files npm's rules listed for this package earlier in the run (the preflight's scan): packed
   * without listing again when no script runs before the pack. Only for packages packed as npm.
   */
  listedFiles?: { dir: string; files: readonly string[] };
  /** Skip the after-publish check (it is on by default). */
  skipVerify?: boolean;
  /**
   * A token used only when the exchange is not possible; named explicitly by the user
   * (`--fallback-token-env`). Without it, trustpub never publishes with a configured token.
   */
  fallbackToken?: string;
  /** Shared across the packages of one run so the CI is asked for an ID token once per audience. */
  idTokens?: IdTokenCache;
  /**
   * Files the secret scan accepts after a person reviewed them: paths inside the package (as the tarball
   * lists them) or relative to the working directory (`--allow-file`).
   */
  allowFiles?: readonly string[];
  /**
   * Stage instead of publishing (npm 11.15+ staged publishing): the version waits in the registry's stage
   * queue, not installable, until a maintainer approves it with 2FA (`trustpub stage approve`).
   */
  stage?: boolean;
}

export interface WorkspacePackageRef {
  name: string;
  version: string;
  dir: string;
}

/** Everything needed to replace `workspace:` and `catalog:` ranges. */
export interface WorkspaceIndex {
  root: string;
  packages: ReadonlyMap<string, WorkspacePackageRef>;
  /** `catalog:` (default) and named catalogs from pnpm-workspace.yaml / package.json. */
  catalogs: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export interface IdTokenCache {
  get(audience: string): Promise<string>;
}

export interface ProvenanceInfo {
  /** Where the attestation is served by the registry. */
  attestationsUrl?: string;
  rekorLogIndex?: string;
  /** Human link (search.sigstore.dev for the public-good instance). */
  transparencyLogUrl?: string;
  predicateType: string;
}

export interface PackedFile {
  path: string;
  size: number;
  mode: number;
}

/** A packed package: the manifest that is published and its tarball. */
export interface PackedPackage {
  manifest: Readonly<Record<string, unknown>> & { name: string; version: string };
  tarball: Uint8Array;
  integrity: string;
  shasum: string;
  files: PackedFile[];
  /** The package manager whose packing this reproduces (`npm`, `pnpm`, `yarn`, `bun`); unset for a given tarball. */
  packedAs?: string;
  /** The lifecycle scripts to run after the upload (none when scripts are ignored or the manager runs none). */
  afterPublish?: readonly ('publish' | 'postpublish')[];
}

export type SkipReason = 'private' | 'dry-run' | 'dependency-failed' | 'not-selected' | 'cancelled';

export type PublishResult =
  | {
      status: 'published';
      name: string;
      version: string;
      tag: string;
      registry: string;
      integrity: string;
      /** Where the registry serves the tarball (as its packument says, when verified). */
      tarballUrl: string;
      provenance?: ProvenanceInfo;
      /** How the upload was authenticated. */
      auth: 'oidc' | 'fallback-token';
    }
  | {
      status: 'staged';
      name: string;
      version: string;
      tag: string;
      registry: string;
      integrity: string;
      /** The registry's id for the staged version (`trustpub stage approve ID`). */
      stageId: string;
      provenance?: ProvenanceInfo;
      auth: 'oidc' | 'fallback-token';
    }
  | {
      status: 'already-published';
      name: string;
      version: string;
      registry: string;
      integrity: string;
    }
  | {
      status: 'skipped';
      name: string;
      version?: string;
      reason: SkipReason;
      message: string;
      /** For dry runs: what would have been sent. */
      plan?: PublishPlanEntry;
    }
  | { status: 'failed'; name: string; version?: string; error: TrustpubError };

export interface PublishPlanEntry {
  name: string;
  version: string;
  tag: string;
  access: Access | null;
  registry: string;
  provenance: boolean;
  dir: string;
}

/** A finding of the diagnosis run before the first upload (`trustpub doctor`, preflight). */
export interface Finding {
  code: TrustpubErrorCode;
  severity: 'error' | 'warning';
  packageName?: string;
  message: string;
  hint: string;
  details?: Readonly<Record<string, unknown>>;
}

export type ReleaseEntry = PublishResult & { chunk: number };

export interface ReleaseReport {
  ok: boolean;
  registry: string;
  chunks: string[][];
  results: ReleaseEntry[];
  findings: Finding[];
}

export type JsonResult =
  | Exclude<PublishResult, { status: 'failed' }>
  | { status: 'failed'; name: string; version?: string; error: TrustpubErrorJson };
