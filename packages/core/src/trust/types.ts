/** The CI providers a trusted publisher can name (what `npm trust` 11.21 supports). */
export type TrustProvider = 'github' | 'gitlab' | 'circleci';

/** Registry permission names; `npm trust` shows them as "publish" and "stage publish". */
export type TrustPermission = 'createPackage' | 'createStagedPackage';

/** One element of the array `npm trust` POSTs to `/-/package/<esc>/trust` (docs/protocol.md, trust API). */
export interface TrustConfigBody {
  type: string;
  claims: Record<string, unknown>;
  permissions?: string[];
}

/** A configuration as the registry lists it. */
export interface TrustConfig extends TrustConfigBody {
  id: string;
}

/** The create flags of `npm trust github|gitlab|circleci`, by their npm names. */
export interface TrustFlags {
  provider: TrustProvider;
  file?: string | undefined;
  /** GitHub `owner/repo` (`--repo`, `--repository`). */
  repository?: string | undefined;
  /** GitLab `group/project` (`--project`). */
  project?: string | undefined;
  environment?: string | undefined;
  orgId?: string | undefined;
  projectId?: string | undefined;
  pipelineDefinitionId?: string | undefined;
  vcsOrigin?: string | undefined;
  contextIds?: string[] | undefined;
  allowPublish?: boolean | undefined;
  allowStagePublish?: boolean | undefined;
}

/** A resolved create request for one package, with what npm would print about it. */
export interface TrustRequest {
  packageName: string;
  body: TrustConfigBody;
  /** The displayed options (npm's `values`): package, file, repository/project, environment, ... */
  values: Record<string, string | string[]>;
  /** Which values were read from package.json (shown as "(from package.json)"). */
  fromPackageJson: Record<string, boolean>;
  warnings: string[];
}
