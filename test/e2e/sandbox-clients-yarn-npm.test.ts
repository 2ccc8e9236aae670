// yarn 4 and npm 11 (and bun's reads), unmodified, against the sandbox with nothing but what `trustpub-sandbox env github`
// prints (an empty HOME, no user config): each reads the sandbox as its registry, publishes through the
// exchange from the trusted workflow and is refused from another one with npmjs's answers. yarn asks for the
// audience `npm:127.0.0.1:<port>` (the registry URL's host with its port), which the exchange accepts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CLIENTS,
  envLines,
  inJobShell,
  publishedBy,
  publishRequests,
  REPO,
  trustedWidgets,
  widget,
} from './sandbox-clients-helper.js';
import { useSandbox } from './support/sandbox.js';

const YARN_PKG = '@acme/widget-yarn';
const NPM_PKG = '@acme/widget-npm';
let trusted: string;
let untrusted: string;

/** yarn berry publishes from an installed project; the job's CI=true would make the install immutable. */
const yarnPublish = `touch yarn.lock
YARN_ENABLE_IMMUTABLE_INSTALLS=false ${CLIENTS.yarn} install > /dev/null
${CLIENTS.yarn} npm publish`;

const sandbox = useSandbox(undefined, {
  setUp: async (started) => {
    ({ trusted, untrusted } = await trustedWidgets(started, [YARN_PKG, NPM_PKG]));
  },
});

describe('yarn 4', () => {
  test('reads the sandbox as its registry after only the env lines', async () => {
    const run = await inJobShell(
      trusted,
      `${CLIENTS.yarn} config get npmRegistryServer`,
      widget(YARN_PKG, '1.0.0'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), sandbox.registry);
  });

  test('publishes from the trusted workflow (audience with the port), nothing leaves 127.0.0.1', async () => {
    const from = sandbox.requests().length;
    const run = await inJobShell(trusted, yarnPublish, widget(YARN_PKG, '1.0.0'));
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /Package archive published/);
    assert.deepEqual(publishRequests(sandbox, YARN_PKG, from), {
      // yarn asks for the registry URL's host with its port.
      audiences: [`npm:${new URL(sandbox.registry).host}`],
      exchanges: [201],
      uploads: [{ status: 201, auth: 'bearer' }],
    });
    assert.equal((await publishedBy(sandbox, YARN_PKG, '1.0.0'))?.trustedPublisher?.id, 'github');
    assert.deepEqual(run.refused, []);
  });

  test('is refused from a workflow that is not trusted: exchange 404, then YN0033 and no upload', async () => {
    const from = sandbox.requests().length;
    const run = await inJobShell(untrusted, yarnPublish, widget(YARN_PKG, '1.0.1'));
    assert.notEqual(run.code, 0);
    assert.match(run.stdout, /YN0033/);
    assert.deepEqual(publishRequests(sandbox, YARN_PKG, from), {
      audiences: [`npm:${new URL(sandbox.registry).host}`],
      exchanges: [404],
      uploads: [],
    });
    assert.deepEqual(run.refused, []);
  });
});

test('yarn 4 publishes from a public repository without provenance by default; YARN_NPM_PUBLISH_PROVENANCE is its switch', async () => {
  const publicJob = await envLines(sandbox, ['--repo', REPO, '--workflow', 'release.yml']);
  const run = await inJobShell(publicJob, yarnPublish, widget(YARN_PKG, '2.0.0'));
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.deepEqual(run.refused, []);
  // The variable docs/sandbox.md names is the one yarn reads for npmPublishProvenance.
  const setting = await inJobShell(
    publicJob,
    `YARN_NPM_PUBLISH_PROVENANCE=true ${CLIENTS.yarn} config get npmPublishProvenance --json`,
    widget(YARN_PKG, '2.0.1'),
  );
  assert.equal(setting.stdout.trim(), 'true', setting.stderr);
});

describe('npm 11', () => {
  test('reads the sandbox as its registry after only the env lines', async () => {
    const run = await inJobShell(
      trusted,
      `${CLIENTS.npm} config get registry`,
      widget(NPM_PKG, '1.0.0'),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), sandbox.registry);
  });

  test('publishes from the trusted workflow, nothing leaves 127.0.0.1', async () => {
    const from = sandbox.requests().length;
    const run = await inJobShell(trusted, `${CLIENTS.npm} publish`, widget(NPM_PKG, '1.0.0'));
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.deepEqual(publishRequests(sandbox, NPM_PKG, from), {
      audiences: ['npm:127.0.0.1'],
      exchanges: [201],
      uploads: [{ status: 201, auth: 'bearer' }],
    });
    assert.deepEqual(run.refused, []);
  });

  test('is refused from a workflow that is not trusted: exchange 404, ENEEDAUTH, no upload', async () => {
    const from = sandbox.requests().length;
    const run = await inJobShell(untrusted, `${CLIENTS.npm} publish`, widget(NPM_PKG, '1.0.1'));
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /ENEEDAUTH/);
    assert.deepEqual(publishRequests(sandbox, NPM_PKG, from), {
      audiences: ['npm:127.0.0.1'],
      exchanges: [404],
      uploads: [],
    });
    assert.deepEqual(run.refused, []);
  });

  test('`NPM_CONFIG_PROVENANCE=false` (docs/sandbox.md) publishes from a public repository', async () => {
    const publicJob = await envLines(sandbox, ['--repo', REPO, '--workflow', 'release.yml']);
    const run = await inJobShell(
      publicJob,
      `export NPM_CONFIG_PROVENANCE=false\n${CLIENTS.npm} publish`,
      widget(NPM_PKG, '2.0.0'),
    );
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.deepEqual(run.refused, []);
  });
});

test('bun (a native binary, outside the guard) reads packages from the sandbox after only the env lines', async () => {
  const from = sandbox.requests().length;
  const run = await inJobShell(trusted, `bun info ${NPM_PKG}`, widget(YARN_PKG, '9.9.9'));
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, new RegExp(`${NPM_PKG}@`));
  // Its request is in the sandbox's own record, since the guard cannot see a native binary's connections.
  assert.ok(
    sandbox
      .requests()
      .slice(from)
      .some(
        (r) =>
          r.method === 'GET' && r.path.toLowerCase() === '/@acme%2fwidget-npm' && r.status === 200,
      ),
  );
});
