import type { Node } from 'yaml';

/** One problem in a CI configuration file, with where it is (1-based line) and how to fix it. */
export interface WorkflowFinding {
  rule:
    | 'id-token'
    | 'self-hosted-runner'
    | 'registry-url'
    | 'token-masks-oidc'
    | 'trusted-publisher-file'
    | 'trusted-publisher-environment'
    | 'npm-upgrade'
    | 'invalid-yaml';
  severity: 'error' | 'warning';
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  job?: string;
  message: string;
  hint: string;
}

/** A parsed YAML file that can say on which line any of its nodes starts. */
export interface YamlFile {
  file: string;
  root: unknown;
  lineOf(node: unknown): number;
  /** The node at a key of a map node (undefined when absent). */
  get(node: unknown, key: string): unknown;
  /** A plain JS value of a node. */
  value(node: unknown): unknown;
  /** The entries of a map node as [key, value node, key line]. */
  entries(node: unknown): [string, unknown, number][];
  /** The items of a sequence node. */
  items(node: unknown): unknown[];
}

export async function parseYamlFile(
  file: string,
  text: string,
): Promise<YamlFile | { file: string; error: string; line: number }> {
  // Loaded only when CI files are linted: every other command starts without it.
  const { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } =
    await import('yaml');
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  const problem = doc.errors[0];
  if (problem) {
    const line = counter.linePos(problem.pos[0]).line;
    return { file, error: problem.message.split('\n')[0] ?? problem.message, line };
  }
  // A value is reported on the line of its key (`permissions:`), not where its first entry starts.
  const keyLines = new Map<unknown, number>();
  visit(doc, {
    Pair(_, pair) {
      const start = (pair.key as Node | null)?.range?.[0];
      if (isPair(pair) && pair.value && start !== undefined)
        keyLines.set(pair.value, counter.linePos(start).line);
    },
  });
  const lineOf = (node: unknown): number => {
    const keyed = keyLines.get(node);
    if (keyed !== undefined) return keyed;
    const range = (node as Node | undefined)?.range;
    return range ? counter.linePos(range[0]).line : 1;
  };
  return {
    file,
    root: doc.contents,
    lineOf,
    get: (node, key): unknown => (isMap(node) ? node.get(key, true) : undefined),
    value: (node) =>
      isScalar(node) || isMap(node) || isSeq(node) ? (node.toJSON() as unknown) : undefined,
    entries: (node) =>
      isMap(node)
        ? node.items.map((pair): [string, unknown, number] => [
            String(isScalar(pair.key) ? pair.key.value : pair.key),
            pair.value,
            lineOf(pair.key),
          ])
        : [],
    items: (node) => (isSeq(node) ? node.items : []),
  };
}

/** The entries of a map node as [key, value node, key line]. */
export const entriesOf = (y: YamlFile, node: unknown): [string, unknown, number][] =>
  y.entries(node);

/** The items of a sequence node. */
export const itemsOf = (y: YamlFile, node: unknown): unknown[] => y.items(node);

/** Commands that publish to npm (directly or through a release tool). */
export const PUBLISH_COMMAND =
  /\b(?:trustpub\s+publish|trustpub\s+stage|semantic-release|changeset(?:-oidc)?\s+publish|changeset-oidc|npm\s+(?:stage\s+)?publish|pnpm\s+(?:-r\s+)?publish|yarn\s+npm\s+publish|bun\s+publish|lerna\s+publish)\b/;

/** `npm install -g npm@latest` (or `npm i -g npm@11`): trustpub does not need a newer npm. */
export const NPM_UPGRADE =
  /\bnpm\s+(?:install|i|add)\s+(?:-g|--global)\s+npm(?:@[\w.^~*-]+)?(?:\s|$)/;

/** Variables that carry a long-lived npm write token. */
export const TOKEN_VARIABLES =
  /^(?:NODE_AUTH_TOKEN|NPM_TOKEN|NPM_AUTH_TOKEN|NPM_CONFIG__AUTHTOKEN)$/i;
