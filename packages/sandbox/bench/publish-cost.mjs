// Measures the sandbox's own cost per trusted publish (exchange + PUT, no provenance), in-process:
// wall time per publish and the sandbox process's CPU per publish (client work here is tiny: a raw
// HTTP PUT of a prebuilt body). A benchmark, not a test: `node packages/sandbox/bench/publish-cost.mjs [N]`.
import { startSandbox, githubClaims } from '../dist/index.js';
import { makeTarball, publishBody } from '../dist/tarball.js';

const n = Number(process.argv[2] ?? 30);
const sandbox = await startSandbox();
const names = Array.from({ length: n }, (_, i) => `@bench/pkg-${i}`);
for (const name of names) {
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
const bodies = names.map((name) => {
  const manifest = { name, version: '1.0.0' };
  return JSON.stringify(publishBody(sandbox.registry, manifest, makeTarball(manifest)));
});

async function publishOne(i) {
  const esc = names[i].replace('/', '%2f');
  const ex = await fetch(`${sandbox.registry}-/npm/v1/oidc/token/exchange/package/${esc}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${idToken}` },
  });
  const { token } = await ex.json();
  const put = await fetch(`${sandbox.registry}${esc}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: bodies[i],
  });
  if (put.status !== 201) throw new Error(`publish ${names[i]}: ${put.status}`);
}

const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < n; i++) await publishOne(i);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  `${n} sequential trusted publishes (exchange + PUT): ${(wall / n).toFixed(1)} ms wall per publish, ` +
    `${((cpu.user + cpu.system) / 1000 / n).toFixed(1)} ms CPU per publish (sandbox + the tiny client, one process)`,
);
await sandbox.stop();
