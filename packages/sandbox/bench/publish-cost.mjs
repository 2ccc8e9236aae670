// Measures the sandbox's own cost per trusted publish (exchange + PUT through the gateway, no provenance)
// against a floor: the same PUTs straight into a bare Verdaccio with one static token (no gateway, no
// exchange). Wall time and this process's CPU per publish (the raw HTTP client is tiny and the same in
// both). A benchmark, not a test: `node packages/sandbox/bench/publish-cost.mjs [N]` after a build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, githubClaims } from '../dist/index.js';
import { makeTarball, publishBody } from '../dist/tarball.js';
import { createVerdaccio } from '../dist/verdaccio-server.js';
import { basic } from '../dist/verdaccio-tokens.js';

const n = Number(process.argv[2] ?? 30);
const names = (prefix) => Array.from({ length: n }, (_, i) => `@bench/${prefix}-${i}`);
const bodies = (registry, list) =>
  list.map((name) => {
    const manifest = { name, version: '1.0.0' };
    return JSON.stringify(publishBody(registry, manifest, makeTarball(manifest)));
  });

async function measure(label, publishOne) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await publishOne(i);
  const wall = (performance.now() - t0) / n;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / n;
  console.log(
    `${label.padEnd(44)} ${wall.toFixed(1).padStart(6)} ms wall  ${cpuMs.toFixed(1).padStart(5)} ms CPU  per publish`,
  );
  return cpuMs;
}

// Floor: bare Verdaccio, same config, one token.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verdaccio-'));
const bare = await createVerdaccio(dir, '@private-scope');
bare.server.on('request', bare.app);
await new Promise((resolve) => bare.server.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${bare.server.address().port}/`;
const tokenRes = await fetch(`${bareUrl}-/npm/v1/tokens`, {
  method: 'POST',
  headers: { authorization: basic(bare.users.admin), 'content-type': 'application/json' },
  body: JSON.stringify({
    password: bare.users.admin.password,
    readonly: false,
    cidr_whitelist: [],
  }),
});
const { token: bareToken } = await tokenRes.json();
const floorNames = names('floor');
const floorBodies = bodies(bareUrl, floorNames);
const floor = await measure(`floor: PUT into bare Verdaccio (N=${n})`, async (i) => {
  const res = await fetch(`${bareUrl}${floorNames[i].replace('/', '%2f')}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${bareToken}`, 'content-type': 'application/json' },
    body: floorBodies[i],
  });
  if (res.status !== 201) throw new Error(`floor publish ${res.status}`);
});
bare.server.close();
fs.rmSync(dir, { recursive: true, force: true });

const sandbox = await startSandbox();
const list = names('pkg');
for (const name of list) {
  await sandbox.seed(name);
  await sandbox.setTrust(name, {
    type: 'github',
    claims: { repository: 'o/r', workflow_ref: { file: 'release.yml' } },
  });
}
const idToken = await sandbox.mintIdToken(
  githubClaims({ repo: 'o/r', workflow: 'release.yml', visibility: 'private' }),
  { ttlSeconds: 3600 },
);
const sandboxBodies = bodies(sandbox.registry, list);
const full = await measure(`sandbox: exchange + PUT via gateway (N=${n})`, async (i) => {
  const esc = list[i].replace('/', '%2f');
  const ex = await fetch(`${sandbox.registry}-/npm/v1/oidc/token/exchange/package/${esc}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${idToken}` },
  });
  const { token } = await ex.json();
  const put = await fetch(`${sandbox.registry}${esc}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: sandboxBodies[i],
  });
  if (put.status !== 201) throw new Error(`publish ${list[i]}: ${put.status}`);
});
console.log(
  `sandbox overhead over the floor: ${(full - floor).toFixed(1)} ms CPU per publish (the exchange, its token mint, the gateway hop)`,
);
await sandbox.stop();
