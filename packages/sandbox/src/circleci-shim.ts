import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `<dir>/bin/circleci`: the one command of CircleCI's CLI that trusted publishing uses,
 * `circleci run oidc get --claims '{"aud":"..."}'`, answered by the sandbox's issuer. Like the real CLI it
 * trades the job's `CIRCLE_OIDC_TOKEN_V2` for a fresh ID token, so clients can refresh tokens that
 * npmjs would refuse as older than 5 minutes. Plain script syntax: it runs as CommonJS or ESM.
 */
export function writeCircleciShim(dir: string, issuerUrl: string): string {
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const script = `#!/usr/bin/env node
// trustpub-sandbox stand-in for \`circleci run oidc get\` (see @trustpub/sandbox).
const args = process.argv.slice(2);
const fail = (message) => { process.stderr.write('Error: ' + message + '\\n'); process.exitCode = 1; };
if (args[0] !== 'run' || args[1] !== 'oidc' || args[2] !== 'get') {
  fail('this sandbox stand-in only supports: circleci run oidc get [--claims JSON]');
} else if (!process.env.CIRCLE_OIDC_TOKEN_V2) {
  fail('CIRCLE_OIDC_TOKEN_V2 is not set: run this inside a job environment (trustpub-sandbox env circleci)');
} else {
  const at = args.indexOf('--claims');
  let claims = {};
  try { claims = at >= 0 ? JSON.parse(args[at + 1] || '{}') : {}; } catch { claims = undefined; }
  if (!claims) fail('--claims is not valid JSON');
  else fetch(${JSON.stringify(`${issuerUrl}/circleci/token`)}, {
    method: 'POST',
    headers: { authorization: 'Bearer ' + process.env.CIRCLE_OIDC_TOKEN_V2, 'content-type': 'application/json' },
    body: JSON.stringify({ claims }),
  }).then(async (res) => {
    const body = await res.json();
    if (!res.ok || typeof body.value !== 'string') return fail(body.message || 'HTTP ' + res.status);
    process.stdout.write(body.value + '\\n');
  }, (error) => fail(String(error && error.message)));
}
`;
  const file = path.join(binDir, 'circleci');
  fs.writeFileSync(file, script, { mode: 0o755 });
  return binDir;
}
