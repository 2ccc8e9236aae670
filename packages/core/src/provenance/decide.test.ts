import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCi } from '../oidc/index.js';
import { decideProvenance, type ProvenanceDecisionInput } from './decide.js';
import { hasCode, testContext } from '../kernel/support.test.helper.js';

const GITHUB_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'o/r',
  RUNNER_ENVIRONMENT: 'github-hosted',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-value',
};
const GITLAB_ENV = {
  GITLAB_CI: 'true',
  CI_PROJECT_PATH: 'g/p',
  NPM_ID_TOKEN: 'x.y.z',
  SIGSTORE_ID_TOKEN: 'a.b.c',
};
/** `env` without the named variables. */
const without = (env: Record<string, string>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => !keys.includes(k)));
const PUBLIC_GH = { repository_visibility: 'public', runner_environment: 'github-hosted' };
const PUBLIC_GL = { project_visibility: 'public', runner_environment: 'gitlab-hosted' };

/** Runs the decision in a CI described by `env`; the package is public unless the input says otherwise. */
function decide(env: Record<string, string>, input: Partial<ProvenanceDecisionInput> = {}) {
  const ctx = testContext({ env });
  let visibilityCalls = 0;
  const result = decideProvenance(
    {
      ci: detectCi(ctx),
      isPackagePublic: () => {
        visibilityCalls++;
        return Promise.resolve(true);
      },
      ...input,
    },
    ctx,
  );
  return { result, calls: () => visibilityCalls };
}

test('auto: on for a public GitHub repository and a public package, after asking for the visibility', async () => {
  const d = decide(GITHUB_ENV, { claims: PUBLIC_GH });
  assert.deepEqual(await d.result, { provenance: true, source: 'auto', provider: 'github' });
  assert.equal(d.calls(), 1);
});

test('auto: off for a private or internal GitHub repository, without asking the registry (as npm)', async () => {
  for (const visibility of ['private', 'internal']) {
    const d = decide(GITHUB_ENV, { claims: { ...PUBLIC_GH, repository_visibility: visibility } });
    const r = await d.result;
    assert.equal(r.provenance, false);
    assert.equal(r.provenance ? '' : r.reason, 'private-repository');
    assert.match(r.provenance ? '' : r.message, new RegExp(`repository is ${visibility}`));
    assert.equal(d.calls(), 0);
  }
});

test('auto: off when the package is not public; a failed visibility request fails the package (npm would silently drop provenance)', async () => {
  const priv = await decide(GITHUB_ENV, {
    claims: PUBLIC_GH,
    isPackagePublic: () => Promise.resolve(false),
  }).result;
  assert.equal(priv.provenance ? '' : priv.reason, 'private-package');
  const ctx = testContext({ env: GITHUB_ENV });
  ctx.secrets.add('secret-token-1234');
  await assert.rejects(
    decideProvenance(
      {
        ci: detectCi(ctx),
        claims: PUBLIC_GH,
        isPackagePublic: () => Promise.reject(new Error('HTTP 500 with secret-token-1234')),
      },
      ctx,
    ),
    (e: Error & { code?: string; hint?: string }) =>
      e.code === 'PROVENANCE_CHECK_FAILED' &&
      !/secret-token-1234/.test(e.message) &&
      /--no-provenance/.test(e.hint ?? ''),
  );
});

test('auto: GitLab needs a public project and SIGSTORE_ID_TOKEN', async () => {
  assert.deepEqual(await decide(GITLAB_ENV, { claims: PUBLIC_GL }).result, {
    provenance: true,
    source: 'auto',
    provider: 'gitlab',
  });
  const noSigstore = without(GITLAB_ENV, 'SIGSTORE_ID_TOKEN');
  const r = await decide(noSigstore, { claims: PUBLIC_GL }).result;
  assert.equal(r.provenance ? '' : r.reason, 'no-sigstore-token');
  const p = await decide(GITLAB_ENV, { claims: { ...PUBLIC_GL, project_visibility: 'private' } })
    .result;
  assert.equal(p.provenance ? '' : p.reason, 'private-repository');
});

test('auto: never on CircleCI, never outside CI, and off when the claims are unreadable', async () => {
  const circle = await decide({ CIRCLECI: 'true', NPM_ID_TOKEN: 'x.y.z' }, { claims: PUBLIC_GH })
    .result;
  assert.equal(circle.provenance ? '' : circle.reason, 'unsupported-ci');
  const none = await decide({}, { claims: PUBLIC_GH }).result;
  assert.equal(none.provenance ? '' : none.reason, 'not-in-ci');
  const unreadable = await decide(GITHUB_ENV, { claims: undefined }).result;
  assert.equal(unreadable.provenance ? '' : unreadable.reason, 'claims-unreadable');
});

test('auto: stays off where npm would switch it on and then fail (self-hosted runner, no sigstore token)', async () => {
  const selfHosted = await decide(
    { ...GITHUB_ENV, RUNNER_ENVIRONMENT: 'self-hosted' },
    { claims: { ...PUBLIC_GH, runner_environment: 'self-hosted' } },
  ).result;
  assert.equal(selfHosted.provenance ? '' : selfHosted.reason, 'self-hosted-runner');
  const npmIdTokenOnly = without(
    { ...GITHUB_ENV, NPM_ID_TOKEN: 'x.y.z' },
    'ACTIONS_ID_TOKEN_REQUEST_URL',
  );
  const noToken = await decide(npmIdTokenOnly, { claims: PUBLIC_GH }).result;
  assert.equal(noToken.provenance ? '' : noToken.reason, 'no-sigstore-token');
});

test('opt-outs: the option, NPM_CONFIG_PROVENANCE / .npmrc false, and publishConfig.provenance false (which npm ignores)', async () => {
  const cases: [Partial<ProvenanceDecisionInput>, string][] = [
    [{ requested: false }, 'option'],
    [{ npmConfig: 'false' }, 'npm-config'],
    [{ npmConfig: false }, 'npm-config'],
    [{ publishConfig: false }, 'publishConfig'],
    [{ publishConfig: 'false' }, 'publishConfig'],
  ];
  for (const [input, source] of cases) {
    const d = decide(GITHUB_ENV, { claims: PUBLIC_GH, ...input });
    const r = await d.result;
    assert.equal(r.provenance, false, JSON.stringify(input));
    assert.equal(r.source, source);
    assert.equal(r.provenance ? '' : r.reason, 'disabled');
    assert.equal(d.calls(), 0, 'an opt-out asks the registry nothing');
  }
});

test('precedence: the option beats publishConfig, publishConfig beats npm config (npm flattens publishConfig over config)', async () => {
  assert.equal(
    (await decide(GITHUB_ENV, { claims: PUBLIC_GH, requested: true, publishConfig: false }).result)
      .provenance,
    true,
  );
  assert.equal(
    (
      await decide(GITHUB_ENV, { claims: PUBLIC_GH, publishConfig: true, npmConfig: 'false' })
        .result
    ).source,
    'publishConfig',
  );
  assert.equal(
    (
      await decide(GITHUB_ENV, { claims: PUBLIC_GH, publishConfig: false, npmConfig: 'true' })
        .result
    ).provenance,
    false,
  );
  const fromConfig = await decide(GITHUB_ENV, { claims: PUBLIC_GH, npmConfig: 'true' }).result;
  assert.deepEqual(fromConfig, { provenance: true, source: 'npm-config', provider: 'github' });
});

test('an explicit request that cannot work fails before anything is sent', async () => {
  await assert.rejects(
    decide({}, { requested: true }).result,
    hasCode('PROVENANCE_UNSUPPORTED_CI'),
  );
  await assert.rejects(
    decide({ CIRCLECI: 'true' }, { requested: true }).result,
    hasCode('PROVENANCE_UNSUPPORTED_CI'),
  );
  await assert.rejects(
    decide(GITHUB_ENV, {
      requested: true,
      claims: { ...PUBLIC_GH, repository_visibility: 'private' },
    }).result,
    (e: Error) =>
      hasCode('PROVENANCE_PRIVATE_REPOSITORY')(e) && /repository_visibility/.test(e.message),
  );
  await assert.rejects(
    decide(
      { ...GITHUB_ENV, RUNNER_ENVIRONMENT: 'self-hosted' },
      { publishConfig: true, claims: PUBLIC_GH },
    ).result,
    hasCode('PROVENANCE_SELF_HOSTED_RUNNER'),
  );
  const noPermission = without(GITHUB_ENV, 'ACTIONS_ID_TOKEN_REQUEST_URL');
  await assert.rejects(
    decide(noPermission, { requested: true, claims: PUBLIC_GH }).result,
    (e: Error & { hint?: string }) =>
      hasCode('PROVENANCE_NO_SIGSTORE_TOKEN')(e) && /id-token: write/.test(e.hint ?? ''),
  );
  const noSigstore = without(GITLAB_ENV, 'SIGSTORE_ID_TOKEN');
  await assert.rejects(
    decide(noSigstore, { npmConfig: 'true', claims: PUBLIC_GL }).result,
    (e: Error & { hint?: string }) =>
      hasCode('PROVENANCE_NO_SIGSTORE_TOKEN')(e) && /SIGSTORE_ID_TOKEN/.test(e.hint ?? ''),
  );
  await assert.rejects(
    decide(GITHUB_ENV, { requested: true, claims: PUBLIC_GH, access: 'restricted' }).result,
    hasCode('PROVENANCE_PRIVATE_PACKAGE'),
  );
  await assert.rejects(
    decide(GITHUB_ENV, {
      requested: true,
      claims: PUBLIC_GH,
      isPackagePublic: () => Promise.resolve(false),
    }).result,
    hasCode('PROVENANCE_PRIVATE_PACKAGE'),
  );
});

test('an explicit request with access public does not ask for the visibility (libnpmpublish)', async () => {
  const d = decide(GITHUB_ENV, { requested: true, claims: PUBLIC_GH, access: 'public' });
  assert.deepEqual(await d.result, { provenance: true, source: 'option', provider: 'github' });
  assert.equal(d.calls(), 0);
});

test('a provenance setting that is not a boolean is a configuration error', async () => {
  await assert.rejects(
    decide(GITHUB_ENV, { npmConfig: 'yes' }).result,
    hasCode('CONFIG_INVALID_OPTION'),
  );
});
