// pnpm 10, 11 and 12, unmodified, against the sandbox with nothing but what `trustpub-sandbox env github`
// prints: each publishes through the exchange from the trusted workflow, is refused from another one with
// npmjs's answers, and reads the sandbox as its registry. pnpm 11 and 12 read only pnpm_config_*, so this is
// what proves `env` pins them. pnpm 12 is a native binary: the network guard (a Node preload) cannot see its
// connections, so its requests are checked in the sandbox's record.
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
  type Client,
} from './sandbox-clients-helper.js';
import { useSandbox } from './support/sandbox.js';

const VERSIONS: Client[] = ['pnpm10', 'pnpm11', 'pnpm12'];
const pkg = (client: Client) => `@acme/widget-${client}`;
let trusted: string;
let untrusted: string;

const sandbox = useSandbox(undefined, {
  setUp: async (started) => {
    ({ trusted, untrusted } = await trustedWidgets(started, VERSIONS.map(pkg)));
  },
});

for (const client of VERSIONS) {
  const pnpm = CLIENTS[client];
  const guarded = client !== 'pnpm12';
  describe(client, () => {
    test('reads the sandbox as its registry after only the env lines', async () => {
      const run = await inJobShell(
        trusted,
        `${pnpm} config get registry`,
        widget(pkg(client), '1.0.0'),
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.trim(), sandbox.registry);
    });

    test('publishes from the trusted workflow: ID token, exchange 201, PUT 201 with the exchanged token', async () => {
      const from = sandbox.requests().length;
      const run = await inJobShell(
        trusted,
        `${pnpm} publish --no-git-checks`,
        widget(pkg(client), '1.0.0'),
      );
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      assert.deepEqual(publishRequests(sandbox, pkg(client), from), {
        // npm (under pnpm 10), pnpm 11 and 12 ask for the registry's host name without the port.
        audiences: ['npm:127.0.0.1'],
        exchanges: [201],
        uploads: [{ status: 201, auth: 'bearer' }],
      });
      assert.deepEqual(
        (await publishedBy(sandbox, pkg(client), '1.0.0'))?.trustedPublisher?.id,
        'github',
      );
      if (guarded) assert.deepEqual(run.refused, [], 'nothing tried to leave 127.0.0.1');
    });

    test('is refused from a workflow that is not trusted, with npmjs answers', async () => {
      const from = sandbox.requests().length;
      const run = await inJobShell(
        untrusted,
        `${pnpm} publish --no-git-checks`,
        widget(pkg(client), '1.0.1'),
      );
      assert.notEqual(run.code, 0);
      const seen = publishRequests(sandbox, pkg(client), from);
      assert.deepEqual(seen.exchanges, [404]);
      if (client === 'pnpm10') {
        // pnpm 10 publishes through npm, which has no credentials after the refusal and stops before the PUT.
        assert.deepEqual(seen.uploads, []);
        assert.match(run.stderr, /ENEEDAUTH/);
      } else {
        // pnpm 11 and 12 upload without a token; npmjs answers 404 Not found.
        assert.deepEqual(seen.uploads, [{ status: 404, auth: undefined }]);
        assert.match(`${run.stdout}\n${run.stderr}`, /404 Not Found[\s\S]*Not found/);
      }
      assert.equal(await publishedBy(sandbox, pkg(client), '1.0.1'), undefined);
      if (guarded) assert.deepEqual(run.refused, []);
    });
  });
}

describe('provenance from a public repository needs public Sigstore', () => {
  test('pnpm 11 turns it on by itself and reaches for public Sigstore (the guard refuses it)', async () => {
    const publicJob = await envLines(sandbox, ['--repo', REPO, '--workflow', 'release.yml']);
    const run = await inJobShell(
      publicJob,
      `${CLIENTS.pnpm11} publish --no-git-checks`,
      widget(pkg('pnpm11'), '2.0.0'),
    );
    assert.notEqual(run.code, 0);
    assert.ok(run.refused.length > 0, 'the guard saw pnpm 11 try public Sigstore');
    assert.ok(
      run.refused.every((l) => / refused fulcio\.sigstore\.dev:443 /.test(l)),
      run.refused.join('\n'),
    );
  });

  const off: Array<[Client, string]> = [
    ['pnpm10', 'export NPM_CONFIG_PROVENANCE=false'],
    ['pnpm11', 'export pnpm_config_provenance=false'],
    ['pnpm12', 'export pnpm_config_provenance=false'],
  ];
  for (const [client, setting] of off) {
    test(`${client}: \`${setting}\` (docs/sandbox.md) publishes without it`, async () => {
      const publicJob = await envLines(sandbox, ['--repo', REPO, '--workflow', 'release.yml']);
      const from = sandbox.requests().length;
      const run = await inJobShell(
        publicJob,
        `${setting}\n${CLIENTS[client]} publish --no-git-checks`,
        widget(pkg(client), '3.0.0'),
      );
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      assert.deepEqual(publishRequests(sandbox, pkg(client), from).uploads, [
        { status: 201, auth: 'bearer' },
      ]);
      if (client !== 'pnpm12') assert.deepEqual(run.refused, []);
    });
  }
});
