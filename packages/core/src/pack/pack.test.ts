import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createContext, type Logger } from '../kernel/index.js';
import { isTrustpubError, type TrustpubError } from '../errors/index.js';
import { packPackage, readTarball } from './pack.js';
import { listTarball } from './tarball.js';
import { listingBasis, listPackFiles } from './list-files.js';
import { discoverWorkspace } from '../workspace/index.js';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/parity',
);

async function copy(fixture: string): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'pack-')), fixture);
  await cp(path.join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

function recordingContext() {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  return { ctx: createContext({ env: process.env, logger }), lines };
}

const codeOf = (error: unknown): string => (isTrustpubError(error) ? error.code : String(error));

test('a malformed package.json is refused before any script runs', async () => {
  const dir = await copy('lifecycle');
  await writeFile(
    path.join(dir, 'package.json'),
    '{ "name": "x", "version": "1.0.0", "scripts": { "prepack": "touch ran" }, }',
  );
  const { ctx } = recordingContext();
  await assert.rejects(
    packPackage(dir, {}, ctx),
    (e: unknown) => codeOf(e) === 'CONFIG_MANIFEST_INVALID',
  );
  await assert.rejects(readFile(path.join(dir, 'ran')));
});

test('an unknown workspace: target is refused (CONFIG_WORKSPACE_TARGET_UNKNOWN)', async () => {
  const root = await copy('ws-pnpm');
  const file = path.join(root, 'packages', 'b', 'package.json');
  await writeFile(
    file,
    JSON.stringify({
      name: '@ws/b',
      version: '2.0.0',
      dependencies: { '@ws/ghost': 'workspace:^' },
    }),
  );
  await assert.rejects(
    packPackage(path.join(root, 'packages', 'b'), {}, recordingContext().ctx),
    (e: unknown) => {
      assert.equal(codeOf(e), 'CONFIG_WORKSPACE_TARGET_UNKNOWN');
      assert.match((e as Error).message, /"@ws\/ghost"/);
      return true;
    },
  );
});

test('an explicit workspace index is used as given (prepublishOnly runs for publish, not for pack)', async () => {
  const root = await copy('ws-pnpm');
  const dir = path.join(root, 'packages', 'c');
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  manifest.scripts = {
    prepublishOnly: "node -e \"require('fs').writeFileSync('prepublished', '')\"",
  };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
  const { index } = await discoverWorkspace(root, recordingContext().ctx);
  const custom = { ...index, catalogs: new Map([['default', new Map([['left-pad', '1.0.0']])]]) };
  const packed = await packPackage(
    dir,
    { workspace: custom, purpose: 'pack' },
    recordingContext().ctx,
  );
  assert.deepEqual(packed.manifest.dependencies, { 'left-pad': '1.0.0' });
  await assert.rejects(readFile(path.join(dir, 'prepublished')));
  await packPackage(dir, { workspace: custom }, recordingContext().ctx);
  await readFile(path.join(dir, 'prepublished'));
});

test('a failing lifecycle script is PACK_LIFECYCLE_SCRIPT_FAILED naming the script and its output', async () => {
  const dir = await copy('prerelease');
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  manifest.scripts = { prepack: 'node -e "console.error(\'build broke\'); process.exit(3)"' };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
  const { ctx, lines } = recordingContext();
  await assert.rejects(packPackage(dir, {}, ctx), (e: unknown) => {
    assert.equal(codeOf(e), 'PACK_LIFECYCLE_SCRIPT_FAILED');
    const error = e as TrustpubError;
    assert.match(
      error.message,
      /The "prepack" script of @parity\/prerelease@2\.0\.0-beta\.3 exited with code 3/,
    );
    assert.match(error.message, /build broke/);
    assert.equal(error.details?.event, 'prepack');
    return true;
  });
  assert.ok(lines.some((l) => l.includes('build broke')));
  // ignoreScripts skips it, as npm --ignore-scripts does.
  const packed = await packPackage(dir, { ignoreScripts: true }, ctx);
  assert.equal(packed.manifest.version, '2.0.0-beta.3');
});

test('publishConfig.directory without a package.json there is CONFIG_MANIFEST_NOT_FOUND', async () => {
  const dir = await copy('prerelease');
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  manifest.publishConfig = { directory: 'lib' };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
  await assert.rejects(
    packPackage(dir, {}, recordingContext().ctx),
    (e: unknown) => codeOf(e) === 'CONFIG_MANIFEST_NOT_FOUND',
  );
});

test('the published manifest is prepared as npm prepares it (readme, _id, normalized bin and repository)', async () => {
  const packed = await packPackage(await copy('bin-string-scoped'), {}, recordingContext().ctx);
  assert.equal(packed.manifest._id, '@parity/bin-string@1.0.1');
  assert.deepEqual(packed.manifest.bin, { 'bin-string': 'cli.js' });
  assert.equal(packed.manifest.readme, '# bin string\n');
  assert.equal(packed.manifest.readmeFilename, 'README.md');
  assert.match(packed.integrity, /^sha512-/);
  assert.match(packed.shasum, /^[0-9a-f]{40}$/);
});

test('readTarball reads an npm-style tarball as is; garbage is PACK_TARBALL_INVALID', async () => {
  const packed = await packPackage(await copy('scoped-files'), {}, recordingContext().ctx);
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'tgz-')), 'p.tgz');
  await writeFile(file, packed.tarball);
  const read = await readTarball(file);
  assert.equal(read.integrity, packed.integrity);
  assert.equal(read.shasum, packed.shasum);
  assert.deepEqual(read.files, packed.files);
  assert.equal(read.manifest.name, '@parity/files');
  assert.equal(read.manifest.readmeFilename, 'README.markdown');
  const listing = await listTarball(read.tarball, ['package.json']);
  assert.equal(
    (JSON.parse(listing.texts.get('package.json') ?? '{}') as { version?: string }).version,
    '2.3.4',
  );

  const garbage = path.join(path.dirname(file), 'garbage.tgz');
  await writeFile(garbage, 'this is not a tarball at all, not even close to one, really');
  await assert.rejects(readTarball(garbage), (e: unknown) => codeOf(e) === 'PACK_TARBALL_INVALID');
  await assert.rejects(
    readTarball(path.join(path.dirname(file), 'missing.tgz')),
    (e: unknown) => codeOf(e) === 'PACK_TARBALL_INVALID',
  );
});

test('npm workspace package: the root .gitignore applies, found from the given index or by walking up', async () => {
  const root = await copy('ws-npm');
  const dir = path.join(root, 'packages', 'x');
  const { index } = await discoverWorkspace(root, recordingContext().ctx);
  for (const options of [{ workspace: index }, {}]) {
    const packed = await packPackage(dir, { ...options, purpose: 'pack' }, recordingContext().ctx);
    assert.deepEqual(packed.files.map((f) => f.path).sort(), ['index.js', 'package.json']);
    assert.deepEqual(packed.manifest.dependencies, { '@wsn/y': '0.5.1' });
  }
  // Outside any workspace the same files are packed by plain rules (notes.tmp included).
  await writeFile(path.join(root, 'package.json'), '{"name":"ws-npm-root","private":true}');
  await writeFile(path.join(dir, 'package.json'), '{"name":"@wsn/x","version":"0.2.0"}');
  const lone = await packPackage(dir, { purpose: 'pack' }, recordingContext().ctx);
  assert.deepEqual(lone.files.map((f) => f.path).sort(), ['index.js', 'notes.tmp', 'package.json']);
});

test('an invalid version npm would refuse is a coded error, not a crash', async () => {
  const dir = await copy('prerelease');
  await writeFile(
    path.join(dir, 'package.json'),
    '{"name":"@parity/prerelease","version":"not.a.version"}',
  );
  await assert.rejects(
    packPackage(dir, { purpose: 'pack' }, recordingContext().ctx),
    (e: unknown) => codeOf(e) === 'CONFIG_INVALID_VERSION',
  );
});

test('publishConfig fields pnpm would copy are published unchanged, with a warning saying so', async () => {
  const { ctx, lines } = recordingContext();
  const packed = await packPackage(await copy('publish-config'), { purpose: 'pack' }, ctx);
  assert.equal(packed.manifest.main, 'src/index.js');
  assert.deepEqual(packed.manifest.publishConfig, {
    access: 'public',
    main: 'dist/index.js',
    exports: { '.': './dist/index.js' },
    types: 'dist/index.d.ts',
  });
  for (const key of ['main', 'exports', 'types'])
    assert.ok(
      lines.some((l) => l.includes(`publishConfig.${key} is not applied`)),
      key,
    );
  assert.ok(!lines.some((l) => l.includes('publishConfig.access')));
});

test('lifecycle scripts see npm_command, and .gitignore fallback is announced as npm does', async () => {
  const dir = await copy('basic-unscoped');
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  manifest.scripts = { prepack: 'node -e "console.log(\'command=\' + process.env.npm_command)"' };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
  const { ctx, lines } = recordingContext();
  await packPackage(dir, { purpose: 'pack' }, ctx);
  await packPackage(dir, {}, ctx);
  assert.deepEqual(
    lines.filter((l) => l.startsWith('command=')),
    ['command=pack', 'command=publish'],
  );
  assert.ok(lines.some((l) => l.includes('no .npmignore file found, using .gitignore')));
});

test('a file list taken earlier in the run is packed as given, unless a script ran before the pack', async () => {
  const dir = await copy('lifecycle');
  const { ctx } = recordingContext();
  const paths = async (packed: { tarball: Uint8Array }) =>
    (await listTarball(packed.tarball)).files.map((f) => f.path).sort();
  // A list that leaves out index.js (npm's rules would take it): only a reused list can give this.
  const listedFiles = { dir, files: ['package.json'] };
  const quiet = await packPackage(dir, { ignoreScripts: true, listedFiles }, ctx);
  assert.deepEqual(await paths(quiet), ['package.json']);
  // prepack writes generated.js: the earlier list no longer says what is there, so it is listed again.
  const scripted = await packPackage(dir, { ignoreScripts: false, listedFiles }, ctx);
  assert.deepEqual(await paths(scripted), ['generated.js', 'index.js', 'package.json']);
  // A list of another folder (not the publish directory) is never taken.
  const other = { dir: path.dirname(dir), files: ['package.json'] };
  const elsewhere = await packPackage(dir, { ignoreScripts: true, listedFiles: other }, ctx);
  assert.deepEqual(await paths(elsewhere), ['index.js', 'package.json']);
});

test('a pack that takes a listing starts from what the listing read, with the same tarball and manifest', async () => {
  const root = await copy('ws-npm');
  const dir = path.join(root, 'packages', 'x');
  const { index } = await discoverWorkspace(root, recordingContext().ctx);
  const ctx = recordingContext().ctx;
  const plain = await packPackage(dir, { workspace: index, ignoreScripts: true }, ctx);
  const listed = await listPackFiles(dir, { workspace: index }, ctx);
  assert.ok(listingBasis(listed, dir, { workspace: index }), 'the listing carries its basis');
  // Another manager, another workspace or another folder: the basis is not taken.
  assert.equal(listingBasis(listed, dir, { workspace: index, packAs: 'pnpm' }), undefined);
  assert.equal(listingBasis(listed, dir, {}), undefined);
  assert.equal(listingBasis(listed, path.dirname(dir), { workspace: index }), undefined);
  assert.equal(listingBasis({ ...listed }, dir, { workspace: index }), undefined);
  const reused = await packPackage(
    dir,
    { workspace: index, ignoreScripts: true, listedFiles: listed },
    ctx,
  );
  assert.equal(Buffer.compare(reused.tarball, plain.tarball), 0);
  assert.deepEqual(reused.manifest, plain.manifest);
});
