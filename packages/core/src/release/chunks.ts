import { TrustpubError, FIXES } from '../errors/index.js';

/** The dependency fields that order a release. `dev` edges are soft: they order when they can. */
export const ORDER_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;

export interface ChunkInput {
  name: string;
  /** The package's manifest (only the four dependency fields are read). */
  manifest: Readonly<Record<string, unknown>>;
}

interface Edge {
  to: string;
  soft: boolean;
}

/**
 * Orders packages into chunks: every package comes after the packages of the set it depends on
 * (dependencies, peer, optional and dev dependencies, as changesets orders them). Dependencies outside
 * the set (already published, private, external) do not order anything. A cycle made only of dev
 * dependencies is broken (a dev dependency is not needed by consumers); a cycle through real
 * dependencies cannot be released in any order and throws `RELEASE_DEPENDENCY_CYCLE` naming it.
 */
export function chunkByDependencies<T extends ChunkInput>(packages: readonly T[]): T[][] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const edges = new Map<string, Edge[]>();
  for (const p of packages) {
    const list: Edge[] = [];
    for (const field of ORDER_FIELDS) {
      const deps = p.manifest[field];
      if (!deps || typeof deps !== 'object') continue;
      for (const dep of Object.keys(deps)) {
        if (dep !== p.name && byName.has(dep))
          list.push({ to: dep, soft: field === 'devDependencies' });
      }
    }
    edges.set(p.name, list);
  }
  const component = stronglyConnected([...byName.keys()], (n) =>
    (edges.get(n) ?? []).map((e) => e.to),
  );
  // Soft edges inside a strongly connected set are what make it cyclic; drop them, then look again.
  const kept = new Map<string, string[]>();
  for (const [name, list] of edges) {
    kept.set(
      name,
      list.filter((e) => !(e.soft && component.get(e.to) === component.get(name))).map((e) => e.to),
    );
  }
  const hard = stronglyConnected([...byName.keys()], (n) => kept.get(n) ?? []);
  const groups = new Map<number, string[]>();
  for (const [name, id] of hard) groups.set(id, [...(groups.get(id) ?? []), name]);
  const cycles = [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort());
  if (cycles.length) {
    const text = cycles.map((c) => c.join(' <-> ')).join('; ');
    throw new TrustpubError(
      'RELEASE_DEPENDENCY_CYCLE',
      `These packages depend on each other in a cycle: ${text}.`,
      {
        hint: FIXES.RELEASE_DEPENDENCY_CYCLE,
        details: { cycles },
      },
    );
  }
  const chunks: T[][] = [];
  const placed = new Set<string>();
  let rest = packages.map((p) => p.name);
  while (rest.length) {
    const ready = rest.filter((n) => (kept.get(n) ?? []).every((d) => placed.has(d)));
    for (const n of ready) placed.add(n);
    chunks.push(ready.sort().map((n) => byName.get(n) as T));
    rest = rest.filter((n) => !placed.has(n));
  }
  return chunks;
}

/** Tarjan's algorithm: maps each node to the id of its strongly connected component. */
function stronglyConnected(nodes: string[], next: (n: string) => string[]): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, number>();
  let counter = 0;
  let ids = 0;
  // Iterative so a long dependency chain cannot overflow the call stack.
  for (const start of nodes) {
    if (index.has(start)) continue;
    // Each frame keeps its successors: asking `next` again on every step would rebuild them each time.
    const work: { node: string; i: number; succ: string[] }[] = [
      { node: start, i: 0, succ: next(start) },
    ];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1] as { node: string; i: number; succ: string[] };
      const { succ } = frame;
      if (frame.i < succ.length) {
        const w = succ[frame.i++] as string;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0, succ: next(w) });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(
          parent.node,
          Math.min(low.get(parent.node) as number, low.get(frame.node) as number),
        );
      if (low.get(frame.node) === index.get(frame.node)) {
        for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
          onStack.delete(w);
          result.set(w, ids);
          if (w === frame.node) break;
        }
        ids++;
      }
    }
  }
  return result;
}
