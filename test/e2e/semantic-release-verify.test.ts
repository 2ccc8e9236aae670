import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commitAndPush,
  createPackageRepo,
  errorCodes,
  packument,
  type ReleaseRun,
  releaseWith,
  remoteTags,
  seedAndTrust,
} from './semantic-release-harness.js';
import { useSandbox } from './support/sandbox.js';

// Failures verifyConditions catches before semantic-release creates a tag: each with its code and
// message, the registry untouched (no upload) and no tag in the remote.
const sandbox = useSandbox();

let counter = 0;
async function attempt(opts: {
  seed?: boolean;
  trustedWorkflow?: string;
  jobWorkflow?: string;
  env?: (env: Record<string, string>) => Record<string, string>;
  files?: (registry: string) => Record<string, string | object>;
  pluginOptions?: Record<string, unknown>;
}): Promise<{ run: ReleaseRun; name: string; tags: string[]; puts: number }> {
  const name = `@acme/sr-verify-${++counter}`;
  const repoSlug = `acme/verify-${counter}`;
  if (opts.seed !== false) {
    await seedAndTrust(sandbox, name, repoSlug, opts.trustedWorkflow);
  }
  const repo = await createPackageRepo(name, repoSlug, {
    ...(opts.files?.(sandbox.registry) ?? {}),
  });
  await commitAndPush(repo.dir, 'feat: something');
  const base = await sandbox.ciEnv('github', {
    repo: repoSlug,
    workflow: opts.jobWorkflow ?? 'release.yml',
  });
  const before = sandbox.requests().length;
  const run = await releaseWith(repo, opts.env ? opts.env(base) : base, opts.pluginOptions ?? {});
  const puts = sandbox
    .requests()
    .slice(before)
    .filter((r) => r.method === 'PUT').length;
  return { run, name, tags: await remoteTags(repo), puts };
}

function assertStoppedBeforeTag(result: { run: ReleaseRun; tags: string[]; puts: number }): void {
  assert.ok(result.run.error, 'the run fails');
  assert.deepEqual(result.tags, [], 'no tag was pushed');
  assert.equal(result.puts, 0, 'nothing was uploaded');
  assert.doesNotMatch(result.run.output, /Start step "prepare"/);
}

const messages = (run: ReleaseRun) =>
  (run.error?.errors ?? []).map((e) => `${e.message}\n${e.details ?? ''}`).join('\n');

test('workflow mismatch: ENOTRUSTEDPUBLISHER with the claims and the matching settings', async () => {
  const result = await attempt({ trustedWorkflow: 'release.yml', jobWorkflow: 'ci.yml' });
  assertStoppedBeforeTag(result);
  assert.deepEqual(errorCodes(result.run), ['ENOTRUSTEDPUBLISHER']);
  const text = messages(result.run);
  assert.match(
    text,
    new RegExp(
      `No trusted publisher of ${result.name.replace('/', '\\/')} matches this job's ID token`,
    ),
  );
  assert.match(text, /ci\.yml/, 'the workflow file the job runs is named');
  assert.match(result.run.output, /ENOTRUSTEDPUBLISHER/);
  // The diagnosis (its claims block) is printed once, not repeated by the message, details and facts.
  const blocks = result.run.output.split('ID token claims (what the registry matched against)');
  assert.equal(blocks.length - 1, 1, result.run.output);
  assert.equal((await packument(sandbox.registry, result.name))?.['dist-tags'].latest, '0.0.1');
});

test('missing id-token: write: ENOIDTOKENPERMISSION', async () => {
  const result = await attempt({
    env: (env) =>
      Object.fromEntries(
        Object.entries(env).filter(([key]) => !key.startsWith('ACTIONS_ID_TOKEN_REQUEST_')),
      ),
  });
  assertStoppedBeforeTag(result);
  assert.deepEqual(errorCodes(result.run), ['ENOIDTOKENPERMISSION']);
  assert.match(messages(result.run), /ACTIONS_ID_TOKEN_REQUEST_URL/);
  assert.match(messages(result.run), /id-token: write/);
});

test('a package that does not exist yet: ENOPKGONREGISTRY', async () => {
  const result = await attempt({ seed: false });
  assertStoppedBeforeTag(result);
  assert.deepEqual(errorCodes(result.run), ['ENOPKGONREGISTRY']);
  assert.match(
    messages(result.run),
    new RegExp(`${result.name.replace('/', '\\/')} does not exist on`),
  );
  assert.equal(
    await packument(sandbox.registry, result.name),
    undefined,
    'the package was not created',
  );
});

test('a write token that would mask OIDC (setup-node registry-url): EWRITETOKENMASKSOIDC', async () => {
  const result = await attempt({
    files: (registry) => ({
      '.npmrc': `${registry.replace(/^https?:/, '')}:_authToken=\${NODE_AUTH_TOKEN}\n`,
    }),
    env: (env) => ({ ...env, NODE_AUTH_TOKEN: 'XXXXX-XXXXX-XXXXX-XXXXX' }),
  });
  assertStoppedBeforeTag(result);
  const codes = errorCodes(result.run);
  assert.ok(
    codes.length >= 1 && codes.every((c) => c === 'EWRITETOKENMASKSOIDC'),
    `codes: ${codes.join(', ')}`,
  );
  assert.match(messages(result.run), /placeholder/);
  assert.match(messages(result.run), /registry-url/);
});

test('invalid options are all reported together, before anything else', async () => {
  // A token pasted where a variable name belongs: refused, and never echoed.
  const pasted = `npm_${'0123456789'.repeat(4).slice(0, 36)}`;
  const result = await attempt({
    pluginOptions: { npmPublish: 'no', access: 'private', fallbackTokenEnv: pasted },
  });
  assertStoppedBeforeTag(result);
  assert.ok(
    !result.run.output.includes(pasted) && !messages(result.run).includes(pasted),
    'the pasted token is not printed',
  );
  assert.deepEqual(errorCodes(result.run), [
    'EINVALIDNPMPUBLISH',
    'EINVALIDACCESS',
    'EINVALIDFALLBACKTOKENENV',
  ]);
  assert.match(messages(result.run), /Invalid `access` option/);
});
