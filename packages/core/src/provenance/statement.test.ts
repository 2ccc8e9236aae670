import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { detectCi } from '../oidc/index.js';
import { buildProvenanceStatement, npmPurl } from './statement.js';

const tarball = Buffer.from('tarball bytes for the subject digest');
const packed = { manifest: { name: '@sc/prov', version: '1.0.0' }, tarball };
const sha512 = createHash('sha512').update(tarball).digest('hex');

const GITHUB_ENV = {
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/publish.yml@refs/heads/main',
  GITHUB_REPOSITORY: 'o/r',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REPOSITORY_ID: '11',
  GITHUB_REPOSITORY_OWNER_ID: '22',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: 'deadbeef',
  RUNNER_ENVIRONMENT: 'github-hosted',
  GITHUB_RUN_ID: '1',
  GITHUB_RUN_ATTEMPT: '1',
};

const GITLAB_ENV = {
  CI: 'true',
  GITLAB_CI: 'true',
  CI_PROJECT_URL: 'https://gitlab.com/g/p',
  CI_PROJECT_PATH: 'g/p',
  CI_RUNNER_ID: '12270',
  CI_RUNNER_DESCRIPTION: 'shared runner',
  CI_RUNNER_EXECUTABLE_ARCH: 'linux/amd64',
  CI_COMMIT_SHA: '714a629c0b401fdce83e847fc9589983fc6f46bc',
  CI_COMMIT_REF_NAME: 'main',
  CI_JOB_NAME: 'publish',
  CI_JOB_ID: '302',
  CI_JOB_URL: 'https://gitlab.com/g/p/-/jobs/302',
  CI_PIPELINE_ID: '574',
  CI_PIPELINE_SOURCE: 'push',
  CI_CONFIG_PATH: '.gitlab-ci.yml',
  CI_SERVER_URL: 'https://gitlab.com',
  CI_SERVER_HOST: 'gitlab.com',
  GITLAB_USER_LOGIN: 'sample-user',
};

/** The parts of a GitLab statement the test reads. */
interface GitlabStatement {
  _type: string;
  predicateType: string;
  subject: unknown;
  predicate: {
    buildType: string;
    builder: unknown;
    invocation: { configSource: unknown; parameters: Record<string, string>; environment: unknown };
    metadata: unknown;
    materials: unknown;
  };
}

/** Serialised and parsed again, as it is signed: unset variables disappear exactly as in npm. */
const asSigned = (o: object): unknown => JSON.parse(JSON.stringify(o));

test('GitHub: in-toto v1 + SLSA v1, equal to the protocol capture field by field', () => {
  const ci = detectCi({ env: GITHUB_ENV });
  assert.ok(ci);
  assert.deepEqual(asSigned(buildProvenanceStatement(ci, packed, GITHUB_ENV)), {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'pkg:npm/%40sc/prov@1.0.0', digest: { sha512 } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
        externalParameters: {
          workflow: {
            ref: 'refs/heads/main',
            repository: 'https://github.com/o/r',
            path: '.github/workflows/publish.yml',
          },
        },
        internalParameters: {
          github: { event_name: 'push', repository_id: '11', repository_owner_id: '22' },
        },
        resolvedDependencies: [
          { uri: 'git+https://github.com/o/r@refs/heads/main', digest: { gitCommit: 'deadbeef' } },
        ],
      },
      runDetails: {
        builder: { id: 'https://github.com/actions/runner/github-hosted' },
        metadata: { invocationId: 'https://github.com/o/r/actions/runs/1/attempts/1' },
      },
    },
  });
});

test('GitLab: in-toto v0.1 + SLSA v0.2 with the protocol fields; unset variables are left out', () => {
  const ci = detectCi({ env: GITLAB_ENV });
  assert.ok(ci);
  const s = asSigned(buildProvenanceStatement(ci, packed, GITLAB_ENV)) as GitlabStatement;
  assert.equal(s._type, 'https://in-toto.io/Statement/v0.1');
  assert.equal(s.predicateType, 'https://slsa.dev/provenance/v0.2');
  assert.deepEqual(s.subject, [{ name: 'pkg:npm/%40sc/prov@1.0.0', digest: { sha512 } }]);
  assert.equal(s.predicate.buildType, 'https://github.com/npm/cli/gitlab/v0alpha1');
  assert.deepEqual(s.predicate.builder, { id: 'https://gitlab.com/g/p/-/runners/12270' });
  assert.deepEqual(s.predicate.invocation.configSource, {
    uri: 'git+https://gitlab.com/g/p',
    digest: { sha1: GITLAB_ENV.CI_COMMIT_SHA },
    entryPoint: 'publish',
  });
  assert.deepEqual(s.predicate.invocation.environment, {
    name: 'shared runner',
    architecture: 'linux/amd64',
    server: 'https://gitlab.com',
    project: 'g/p',
    job: { id: '302' },
    pipeline: { id: '574', ref: '.gitlab-ci.yml' },
  });
  assert.deepEqual(s.predicate.metadata, {
    buildInvocationId: 'https://gitlab.com/g/p/-/jobs/302',
    completeness: { parameters: true, environment: true, materials: false },
    reproducible: false,
  });
  assert.deepEqual(s.predicate.materials, [
    { uri: 'git+https://gitlab.com/g/p', digest: { sha1: GITLAB_ENV.CI_COMMIT_SHA } },
  ]);
  assert.equal(s.predicate.invocation.parameters.CI_JOB_URL, 'https://gitlab.com/g/p/-/jobs/302');
  assert.equal(s.predicate.invocation.parameters.GITLAB_USER_LOGIN, 'sample-user');
  assert.ok(
    !('CI_RUNNER_EXECUTABLE_ARCH' in s.predicate.invocation.parameters),
    'not one of npm’s copied variables',
  );
  assert.ok(!('CI_PAGES_URL' in s.predicate.invocation.parameters), 'unset variables vanish');
});

test('the purl escapes the scope like npa.toPurl', () => {
  assert.equal(npmPurl('@sc/prov', '1.0.0'), 'pkg:npm/%40sc/prov@1.0.0');
  assert.equal(npmPurl('plain', '2.0.0-rc.1'), 'pkg:npm/plain@2.0.0-rc.1');
});

/**
 * The strongest parity check: run npm's own libnpmpublish `generateProvenance` (bundled in the pinned npm)
 * with the same variables in a child process whose `sigstore` is replaced by a recorder, and compare the
 * exact payload it would have signed with ours.
 */
function npmsStatement(env: Record<string, string>): unknown {
  const require = createRequire(import.meta.url);
  const npmRoot = path.dirname(require.resolve('npm/package.json'));
  const provenanceJs = path.join(npmRoot, 'node_modules/libnpmpublish/lib/provenance.js');
  const script = `
    const Module = require('node:module');
    const path = require('node:path');
    const req = Module.createRequire(${JSON.stringify(provenanceJs)});
    const sigstorePath = req.resolve('sigstore');
    require.cache[sigstorePath] = { id: sigstorePath, filename: sigstorePath, loaded: true,
      exports: { attest: async (payload) => { process.stdout.write(payload.toString()); return {}; } } };
    const { generateProvenance } = req(${JSON.stringify(provenanceJs)});
    generateProvenance([{ name: ${JSON.stringify(npmPurl('@sc/prov', '1.0.0'))}, digest: { sha512: ${JSON.stringify(sha512)} } }], {});
  `;
  const out = execFileSync(process.execPath, ['-e', script], {
    // Only the CI variables under test, plus the run's network guard.
    env: {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
      TRUSTPUB_NET_GUARD_LOG: process.env.TRUSTPUB_NET_GUARD_LOG ?? '',
      ...env,
    },
  });
  return JSON.parse(out.toString());
}

test('GitHub and GitLab statements are identical to what npm’s own libnpmpublish builds', () => {
  for (const env of [
    GITHUB_ENV,
    GITLAB_ENV,
    { ...GITHUB_ENV, RUNNER_ENVIRONMENT: 'self-hosted', GITHUB_REF: 'refs/tags/v1.0.0' },
  ]) {
    const ci = detectCi({ env });
    assert.ok(ci);
    assert.deepEqual(asSigned(buildProvenanceStatement(ci, packed, env)), npmsStatement(env));
  }
});
