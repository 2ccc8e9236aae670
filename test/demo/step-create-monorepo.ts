// Step: the example monorepo, and the private package it depends on (published by the registry's admin).
import type { StepIo } from './demo-report.js';
import { need, type DemoState } from './demo-state.js';
import {
  BILLING,
  BILLING_VERSION,
  CLI,
  CLIENT,
  CORE,
  createMonorepo,
  monorepoFiles,
  SLUG,
} from './example-monorepo.js';

/** Seeds the restricted dependency and writes, commits and pushes the example monorepo. */
export async function createMonorepoStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = need(state, 'sandbox');
  // A private package of the company: in the restricted scope, so reading it needs a token.
  await sandbox.seed(BILLING, BILLING_VERSION, {
    license: 'UNLICENSED',
    description: 'Acme internal billing rules',
  });
  const anonymous = await fetch(new URL(BILLING.replace('/', '%2f'), sandbox.registry));
  io.check(
    anonymous.status !== 200,
    `${BILLING} is readable without a token (HTTP ${anonymous.status})`,
  );

  const repo = await createMonorepo();
  state.repo = repo;
  io.say(
    `An npm workspace with three packages that depend on each other, ${CLI} -> ${CLIENT} -> ${CORE}, and ${CORE} depends on ` +
      `${BILLING}, a private package the registry's admin published in the restricted scope (an anonymous read gets HTTP ` +
      `${anonymous.status}). Every package.json names https://github.com/${SLUG} as its repository, the repository the simulated ` +
      'GitHub jobs run in. The work tree is a git repository whose "origin" is a local bare repository.',
  );
  const files = monorepoFiles();
  const graph = Object.entries(files)
    .filter(([file]) => /^packages\/[^/]+\/package\.json$/.test(file))
    .map(([file, m]) => {
      const { name, dependencies } = m as { name: string; dependencies: Record<string, string> };
      const deps = Object.entries(dependencies).map(([n, r]) => `${n} ${r}`);
      return `${file.padEnd(29)} ${name.padEnd(17)} -> ${deps.join(', ')}`;
    });
  io.quote(
    'monorepo',
    [...graph, `${'.trustpub.json'.padEnd(29)} ${JSON.stringify(files['.trustpub.json'])}`].join(
      '\n',
    ),
  );
  return `3 packages + ${BILLING}@${BILLING_VERSION} (restricted)`;
}
