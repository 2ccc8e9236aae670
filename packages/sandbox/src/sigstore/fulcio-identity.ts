/** One Fulcio certificate extension; `legacy` ones (OIDs .1.1 to .1.6) hold raw bytes, the rest a UTF8String. */
export interface CertExtension {
  oid: string;
  value: string;
  legacy?: true;
}

export interface FulcioIdentity {
  /** The certificate's subject alternative name (a URI). */
  san: string;
  extensions: CertExtension[];
}

const OID = '1.3.6.1.4.1.57264.1.';
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;

function push(out: CertExtension[], n: number, value: unknown, legacy = false): void {
  const v = str(value);
  if (v === undefined) return;
  out.push(
    legacy ? { oid: `${OID}${n}`, value: v, legacy: true } : { oid: `${OID}${n}`, value: v },
  );
}

/**
 * What the real Fulcio puts into a certificate for a CI identity token (its `github-workflow` and
 * `gitlab-pipeline` issuer types). The `@sigstore/mock` Fulcio handler instead uses the raw `sub` as SAN
 * and only knows GitHub claim names, so GitLab certificates would carry no source repository at all;
 * registry-side checks (repository, runner, visibility) read exactly these extensions.
 */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>): FulcioIdentity {
  const ext: CertExtension[] = [];
  const iss = str(claims.iss) ?? 'https://fake.oidcissuer.com';
  if (str(claims.job_workflow_ref) || str(claims.workflow_ref)) {
    const gh = 'https://github.com';
    const jobRef = str(claims.job_workflow_ref) ?? str(claims.workflow_ref);
    push(ext, 1, iss, true);
    push(ext, 2, claims.event_name, true);
    push(ext, 3, claims.sha, true);
    push(ext, 4, claims.workflow, true);
    push(ext, 5, claims.repository, true);
    push(ext, 6, claims.ref, true);
    push(ext, 8, iss);
    push(ext, 9, `${gh}/${jobRef}`);
    push(ext, 10, claims.job_workflow_sha);
    push(ext, 11, claims.runner_environment);
    if (str(claims.repository)) push(ext, 12, `${gh}/${str(claims.repository)}`);
    push(ext, 13, claims.sha);
    push(ext, 14, claims.ref);
    push(ext, 15, claims.repository_id);
    if (str(claims.repository_owner)) push(ext, 16, `${gh}/${str(claims.repository_owner)}`);
    push(ext, 17, claims.repository_owner_id);
    if (str(claims.workflow_ref)) push(ext, 18, `${gh}/${str(claims.workflow_ref)}`);
    push(ext, 19, claims.workflow_sha);
    push(ext, 20, claims.event_name);
    if (str(claims.repository) && str(claims.run_id) && str(claims.run_attempt)) {
      push(
        ext,
        21,
        `${gh}/${str(claims.repository)}/actions/runs/${str(claims.run_id)}/attempts/${str(claims.run_attempt)}`,
      );
    }
    push(ext, 22, claims.repository_visibility);
    return { san: `${gh}/${jobRef}`, extensions: ext };
  }
  const configUri = str(claims.ci_config_ref_uri);
  if (str(claims.project_path) && configUri) {
    // The instance URL: GitLab's `ci_config_ref_uri` starts with the server host (`gitlab.com/group/project//.gitlab-ci.yml@ref`).
    const server = `https://${configUri.split('/')[0]}`;
    const refKind = str(claims.ref_type) === 'tag' ? 'tags' : 'heads';
    push(ext, 1, iss, true);
    push(ext, 8, iss);
    push(ext, 9, `https://${configUri}`);
    push(ext, 10, claims.ci_config_sha);
    push(ext, 11, claims.runner_environment);
    push(ext, 12, `${server}/${str(claims.project_path)}`);
    push(ext, 13, claims.sha);
    if (str(claims.ref)) push(ext, 14, `refs/${refKind}/${str(claims.ref)}`);
    push(ext, 15, claims.project_id);
    if (str(claims.namespace_path)) push(ext, 16, `${server}/${str(claims.namespace_path)}`);
    push(ext, 17, claims.namespace_id);
    push(ext, 18, `https://${configUri}`);
    push(ext, 19, claims.ci_config_sha);
    push(ext, 20, claims.pipeline_source);
    if (str(claims.job_id))
      push(ext, 21, `${server}/${str(claims.project_path)}/-/jobs/${str(claims.job_id)}`);
    push(ext, 22, claims.project_visibility);
    return { san: `https://${configUri}`, extensions: ext };
  }
  // Any other issuer: Fulcio's generic behaviour, the token subject as identity.
  push(ext, 1, iss, true);
  push(ext, 8, iss);
  return { san: str(claims.email) ?? str(claims.sub) ?? 'NO-SUBJECT', extensions: ext };
}
