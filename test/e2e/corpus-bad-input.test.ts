// The bad-input corpus: manifests, registry settings, ID tokens, registry answers and command lines a
// user or a broken service can produce. Every case must end in a stable code with a fix line, without a
// stack trace, without a planted CI command, without a leaked token, and with nothing uploaded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLI_CASES } from './corpus-cases-cli.js';
import { ID_TOKEN_CASES } from './corpus-cases-id-token.js';
import { MANIFEST_CASES } from './corpus-cases-manifest.js';
import { NPMRC_CASES } from './corpus-cases-npmrc.js';
import { REGISTRY_CASES } from './corpus-cases-registry.js';
import { plantedCommandLines, runCase, type CorpusCase } from './support/corpus.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { useSandbox } from './support/sandbox.js';
import { assertNoMintedToken } from './support/tokens.js';

export const CORPUS: Record<string, CorpusCase[]> = {
  manifest: MANIFEST_CASES,
  npmrc: NPMRC_CASES,
  'id-token': ID_TOKEN_CASES,
  registry: REGISTRY_CASES,
  cli: CLI_CASES,
};

let registryProxy: FaultProxy;
let issuerProxy: FaultProxy;
const sandbox = useSandbox(undefined, {
  setUp: async () => {
    registryProxy = await startFaultProxy(sandbox.registry);
    issuerProxy = await startFaultProxy(sandbox.issuer);
  },
  beforeStop: async () => {
    await registryProxy?.stop();
    await issuerProxy?.stop();
  },
});

test('the corpus has 150+ cases, each kind represented', () => {
  const total = Object.values(CORPUS).reduce((n, cases) => n + cases.length, 0);
  assert.ok(total >= 150, `only ${total} cases`);
  for (const [kind, cases] of Object.entries(CORPUS)) {
    assert.ok(cases.length >= 10, `${kind}: ${cases.length}`);
    const titles = new Set(cases.map((k) => k.title));
    assert.equal(titles.size, cases.length, `${kind}: duplicate titles`);
  }
});

for (const [kind, cases] of Object.entries(CORPUS)) {
  describe(`bad input: ${kind}`, () => {
    for (const k of cases) {
      test(k.title, async () => {
        const run = await runCase(k, { sandbox, registryProxy, issuerProxy });
        // ::add-mask:: lines are GitHub's masking commands (they hold tokens by design): not shown.
        const shown = run.output
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n');
        const show = `\n--- output (exit ${run.code}) ---\n${shown}`;
        if (k.exit === undefined) assert.notEqual(run.code, 0, show);
        else assert.equal(run.code, k.exit, show);
        assert.ok(run.output.includes(k.code), `expected ${k.code}${show}`);
        assert.match(run.output, /^\s*fix: \S/m, `no fix line${show}`);
        assert.doesNotMatch(run.output, /\n\s+at .+:\d+:\d+\)?\n/, `stack trace${show}`);
        assert.doesNotMatch(run.output, /internal error/i, show);
        assert.deepEqual(plantedCommandLines(run.output), [], `planted CI command${show}`);
        if (k.mentions) assert.match(run.output, k.mentions, show);
        assert.deepEqual(run.uploads, [], `uploaded${show}`);
        assertNoMintedToken(run.output, k.title);
      });
    }
  });
}
