// Where a published version says it was built: read from the SLSA provenance statement the registry
// serves (GitHub: SLSA v1 workflow; GitLab: SLSA v0.2 config source and pipeline file).
import { provenanceStatement } from '../e2e/semantic-release-harness.js';

export interface ProvenanceOrigin {
  provider: 'github' | 'gitlab' | 'unknown';
  /** One line for people: repository and workflow/pipeline file. */
  text: string;
}

/** Reads the statement of name@version and names the CI job that built it. */
export async function provenanceOrigin(registry: string, name: string, version: string): Promise<ProvenanceOrigin> {
  const statement = await provenanceStatement(registry, name, version);
  const predicate = statement.predicate as Record<string, any>;
  const workflow = predicate.buildDefinition?.externalParameters?.workflow as { repository?: string; path?: string } | undefined;
  if (workflow) return { provider: 'github', text: `${workflow.repository} ${workflow.path} (SLSA v1)` };
  const invocation = predicate.invocation as { configSource?: { uri?: string }; environment?: { pipeline?: { ref?: string } } } | undefined;
  if (invocation?.configSource?.uri) {
    return { provider: 'gitlab', text: `${invocation.configSource.uri.replace(/^git\+/, '')} ${invocation.environment?.pipeline?.ref ?? ''} (SLSA v0.2)` };
  }
  return { provider: 'unknown', text: String(statement.predicateType) };
}
