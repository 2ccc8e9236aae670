import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { create } from 'tar';
import { rememberTarballScan, scanContent, scanFiles, scanTarball } from './secret-scan.js';
import { listTarball } from './tarball.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Random characters from an alphabet: the samples are built at run time, so no secret sits in the source. */
const random = (n: number, alphabet = B62): string =>
  [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
const text = (s: string): Uint8Array => Buffer.from(s);
const rules = (file: string, s: string): string[] => scanContent(file, text(s)).map((h) => h.rule);

const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const openssh = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  random(70, `${B62}+/`),
  random(70, `${B62}+/`),
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

test('finds every kind of secret, with its file and line, never its value', () => {
  const samples: [string, string, string][] = [
    ['private-key', 'keys/server.pem', `// a key\n${pem}`],
    ['private-key', 'id_ed25519', `${openssh}\n`],
    [
      'private-key-json',
      'gcp.json',
      `{\n  "type": "service_account",\n  "private_key": "${pem.replace(/\n/g, '\\n')}"\n}`,
    ],
    ['npm-token', 'lib/index.js', `const t = "npm_${random(36)}";`],
    [
      'npmrc-auth',
      'npmrc',
      `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${random(36)}\n`,
    ],
    ['env-credential', '.env', `PORT=3000\nDATABASE_PASSWORD=${random(24)}\n`],
    ['env-credential', 'config/.env.production', `export API_KEY="${random(32)}"\n`],
    ['aws-access-key', 'deploy.sh', `KEY=AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}\n`],
    ['aws-secret-key', 'creds', `aws_secret_access_key = ${random(40, `${B62}/+`)}\n`],
    ['github-token', 'scripts/release.js', `auth: 'ghp_${random(36)}'`],
    ['github-token', 'x.js', `'github_pat_${random(22)}_${random(59)}'`],
    [
      'slack-token',
      'notify.js',
      `xoxb-${random(11, '0123456789')}-${random(12, '0123456789')}-${random(24)}`,
    ],
    [
      'slack-webhook',
      'notify.js',
      `https://hooks.slack.com/services/T${random(10, 'ABCDEFGHJK0123')}/B${random(10, 'ABCDEFGHJK0123')}/${random(24)}`,
    ],
    ['stripe-secret-key', 'pay.js', `stripe('sk_live_${random(24)}')`],
  ];
  for (const [rule, file, content] of samples) {
    const hits = scanContent(file, text(content));
    assert.deepEqual(
      hits.map((h) => h.rule),
      [rule],
      `${file}: ${JSON.stringify(hits)}`,
    );
    const hit = hits[0];
    assert.ok(hit);
    assert.equal(hit.file, file);
    assert.equal(hit.line, lineOf(content, rule), `${file}: line`);
    assert.ok(hit.title.length > 0);
    assert.ok(
      !JSON.stringify(hit).includes(content.slice(-20)),
      'the value never appears in a hit',
    );
  }
});

/** The line the sample's secret starts on (each sample's first line that is not a plain comment/setting). */
function lineOf(content: string, rule: string): number {
  const lines = content.split('\n');
  const marker: Record<string, RegExp> = {
    'private-key': /-----BEGIN/,
    'private-key-json': /private_key/,
    'npmrc-auth': /_authToken/,
    'env-credential': /(PASSWORD|API_KEY)/,
  };
  const re = marker[rule];
  return re ? lines.findIndex((l) => re.test(l)) + 1 : 1;
}

test('placeholders, variables, headers in prose and templates are not secrets', () => {
  const clean: [string, string][] = [
    ['README.md', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'],
    [
      'README.md',
      '//registry.npmjs.org/:_authToken=<your-token>\n_authToken=npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n',
    ],
    ['docs.md', 'Paste the key starting with `-----BEGIN RSA PRIVATE KEY-----` here.\n'],
    [
      'lib/pem.js',
      "const HEADER = '-----BEGIN PRIVATE KEY-----\\n';\nconst body = lines.join('\\n');\n",
    ],
    ['.env.example', `API_KEY=${random(32)}\n`],
    ['.env', 'NODE_ENV=production\nAPI_TOKEN=\nSECRET=${SECRET_FROM_VAULT}\n'],
    ['aws.md', 'AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n'],
    ['env.js', `process.env.API_KEY = "${random(32)}"\n`],
    [
      'tokens.js',
      "if (token.startsWith('npm_')) return 'npm';\nconst ghp = /ghp_[A-Za-z0-9]{36}/;\n",
    ],
    ['image.png', `\u0000PNG ${pem}`],
  ];
  for (const [file, content] of clean) assert.deepEqual(rules(file, content), [], file);
});

test('scans a tarball by its paths inside the package; allowed files are skipped', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'secret-scan-'));
  const pkg = path.join(dir, 'package');
  await mkdir(path.join(pkg, 'test'), { recursive: true });
  await writeFile(path.join(pkg, 'package.json'), '{"name":"a","version":"1.0.0"}');
  await writeFile(path.join(pkg, 'index.js'), 'module.exports = 1;\n');
  await writeFile(path.join(pkg, 'test', 'key.pem'), pem);
  await writeFile(path.join(pkg, '.env'), `X=1\nNPM_TOKEN=npm_${random(36)}\n`);
  const tgz = path.join(dir, 'a.tgz');
  await create({ gzip: true, cwd: dir, file: tgz }, ['package']);
  const data = await import('node:fs/promises').then((fs) => fs.readFile(tgz));

  const hits = await scanTarball(data);
  assert.deepEqual(hits.map((h) => `${h.file}:${h.line}:${h.rule}`).sort(), [
    '.env:2:env-credential',
    '.env:2:npm-token',
    'test/key.pem:1:private-key',
  ]);
  const allowed = await scanTarball(data, { allow: (f) => f === 'test/key.pem' || f === '.env' });
  assert.deepEqual(allowed, []);
  const fromDisk = await scanFiles(pkg, ['package.json', 'index.js', 'test/key.pem']);
  assert.deepEqual(
    fromDisk.map((h) => `${h.file}:${h.line}`),
    ['test/key.pem:1'],
  );
});

test('a tarball listed with scan: the same hits in one pass, and its upload scan reuses them', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'secret-scan-'));
  const pkg = path.join(dir, 'package');
  await mkdir(path.join(pkg, 'lib'), { recursive: true });
  await writeFile(path.join(pkg, 'package.json'), '{"name":"a","version":"1.0.0"}');
  await writeFile(path.join(pkg, 'lib', 'id.pem'), pem);
  const tgz = path.join(dir, 'a.tgz');
  await create({ gzip: true, cwd: dir, file: tgz }, ['package']);
  const data = await import('node:fs/promises').then((fs) => fs.readFile(tgz));
  const listing = await listTarball(data, [], { scan: true });
  assert.deepEqual(listing.hits, await scanTarball(Buffer.from(data)));
  assert.deepEqual(
    listing.hits.map((h) => h.file),
    ['lib/id.pem'],
  );
  // Remembered by the tarball's bytes (a marker hit proves the scan came from memory), allow-filtered.
  const marker = { file: 'lib/x.js', line: 7, rule: 'marker', title: 'marker' };
  rememberTarballScan(data, [...listing.hits, marker]);
  assert.deepEqual(await scanTarball(data), [...listing.hits, marker]);
  assert.deepEqual(await scanTarball(data, { allow: (f) => f === 'lib/id.pem' }), [marker]);
  // Other rules than the defaults always parse the tarball again.
  assert.deepEqual(await scanTarball(data, { rules: [] }), []);
});

/** Every file under a folder, skipping build output and installed dependencies. */
async function walk(dir: string, base = dir, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, base, out);
    else if (entry.isFile()) out.push(path.relative(base, full));
  }
  return out;
}

test('no false positive on the parity corpus and on this repository’s own packages', async () => {
  for (const dir of ['test/fixtures', 'packages', 'docs', 'bench']) {
    const root = path.join(ROOT, dir);
    const files = await walk(root);
    assert.ok(files.length > 0, `${dir} has files`);
    const hits = await scanFiles(root, files);
    assert.deepEqual(hits, [], dir);
  }
});
