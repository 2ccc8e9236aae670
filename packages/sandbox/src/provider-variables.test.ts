// `env` unsets what the other providers' jobs set: the list it unsets from must name every variable any
// provider's job gets, or switching jobs in one shell would leave a provider's variable behind.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { envCommand } from './cli-env.js';
import { PROVIDER_VARIABLES } from './provider-variables.js';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox } from './types.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.stop());

const jobs = () => ({
  github: sandbox.ciEnv('github', {
    repo: 'a/b',
    workflow: 'r.yml',
    environment: 'npm',
    ref: 'refs/tags/v1.0.0',
    visibility: 'private',
    runner: 'github-hosted',
  }),
  gitlab: sandbox.ciEnv('gitlab', { project: 'g/p', file: 'ci.yml', environment: 'prod' }),
  circleci: sandbox.ciEnv('circleci', {
    orgId: '8a5b0b4e-1c1a-4c39-9c61-6f7f4d1f0a01',
    projectId: '0f7a7c59-7a44-4c77-8a6c-2f3b4a5c6d02',
    pipelineDefinitionId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a03',
    vcsOrigin: 'github.com/a/b',
  }),
});

test('every provider variable a job gets is listed for that provider', async () => {
  const all = jobs();
  const gitlabKeys = Object.keys(await all.gitlab);
  const shared = new Set(Object.keys(await all.github).filter((k) => gitlabKeys.includes(k)));
  for (const [provider, env] of Object.entries(all)) {
    const own = Object.keys(await env).filter((k) => !shared.has(k) && k !== 'PATH');
    const listed = PROVIDER_VARIABLES[provider as keyof typeof PROVIDER_VARIABLES];
    assert.deepEqual(
      own.filter((k) => !listed.includes(k)),
      [],
      provider,
    );
  }
  // What every job shares: CI, the clients' registry pins and the Sigstore URLs, never a token.
  assert.deepEqual([...shared].sort(), [
    'BUN_CONFIG_REGISTRY',
    'CI',
    'TRUSTPUB_FULCIO_URL',
    'TRUSTPUB_REKOR_URL',
    'TRUSTPUB_TRUSTED_ROOT',
    'YARN_ENABLE_TELEMETRY',
    'YARN_NPM_PUBLISH_REGISTRY',
    'YARN_NPM_REGISTRY_SERVER',
    'YARN_UNSAFE_HTTP_WHITELIST',
    'npm_config_registry',
    'pnpm_config_registry',
  ]);
});

test('the lines of a GitLab job unset every GitHub and CircleCI variable and keep its own', async () => {
  const gitlab = await jobs().gitlab;
  const lines = envCommand(gitlab, sandbox.dir, false).split('\n');
  const unset = (lines[0] ?? '').split(' ');
  assert.equal(unset[0], 'unset');
  for (const name of [...PROVIDER_VARIABLES.github, ...PROVIDER_VARIABLES.circleci]) {
    if (!(name in gitlab)) assert.ok(unset.includes(name), name);
  }
  assert.ok(!unset.includes('NPM_ID_TOKEN'), 'a GitLab job keeps its NPM_ID_TOKEN');
  assert.ok(lines.includes(`export TRUSTPUB_SANDBOX_DIR=${sandbox.dir}`));
});
