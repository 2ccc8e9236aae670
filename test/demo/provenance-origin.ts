// Where a published version says it was built: read from the SLSA provenance statement the registry
// serves (GitHub: SLSA v1 workflow; GitLab: SLSA v0.2 config source and pipeline file).
import { provenanceStatement } from '../e2e/semantic-release-harness.js';

export interface ProvenanceOrigin {
  provider: 'github' | 'gitlab' | 'unknown';
  /** One line for people: repository and workflow/pipeline file. */
  text: string;
}

/** The parts of the two SLSA predicate versions this module reads. */
interface Statement {
  predicateType?: string;
  predicate?: {
    buildDefinition?: {
      externalParameters?: { workflow?: { repository?: string; path?: string } };
    };
    invocation?: { configSource?: { uri?: string }; environment?: { pipeline?: { ref?: string } } };
  };
}

/** Reads the statement of name@version and names the CI job that built it. */
export async function provenanceOrigin(
  registry: string,
  name: string,
  version: string,
): Promise<ProvenanceOrigin> {
  const statement = (await provenanceStatement(registry, name, version)) as unknown as Statement;
  const workflow = statement.predicate?.buildDefinition?.externalParameters?.workflow;
  if (workflow) {
    return { provider: 'github', text: `${workflow.repository} ${workflow.path} (SLSA v1)` };
  }
  const invocation = statement.predicate?.invocation;
  if (invocation?.configSource?.uri) {
    const uri = invocation.configSource.uri.replace(/^git\+/, '');
    return {
      provider: 'gitlab',
      text: `${uri} ${invocation.environment?.pipeline?.ref ?? ''} (SLSA v0.2)`,
    };
  }
  return { provider: 'unknown', text: String(statement.predicateType) };
}
