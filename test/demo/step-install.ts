// Step: a fresh consumer project installs the released CLI with nothing but a read-only token, through
// the .npmrc entry `trustpub install-auth` writes and the pinned real npm.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StepIo } from './demo-report.js';
import { need, type DemoState } from './demo-state.js';
import { npm, output, trustpub } from './demo-tools.js';
import { BILLING, BILLING_VERSION, CLI, CLIENT, CORE } from './example-monorepo.js';
import { tempDir } from '../e2e/support/temp.js';

const READ_TOKEN_VAR = 'ACME_READ_TOKEN';
const run = promisify(execFile);

/** install-auth + npm install of @acme-demo/cli (and so of the restricted dependency), then runs it. */
export async function installStep(state: DemoState, io: StepIo): Promise<string> {
  const sandbox = need(state, 'sandbox');
  const latest = (name: string) => state.released.get(name)?.at(-1) ?? 'none';
  const project = tempDir('consumer-');
  fs.writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'acme-consumer', version: '1.0.0', private: true, dependencies: { [CLI]: `^${latest(CLI)}` } }, null, 2)}\n`,
  );
  const readToken = await sandbox.createReadToken();
  io.say(
    `A new project that uses ${CLI}. ${CORE} needs ${BILLING}, which only a token can read. The project gets a read-only token ` +
      `in $${READ_TOKEN_VAR} (the only secret left in a token-free pipeline), and \`trustpub install-auth\` writes the .npmrc entry ` +
      'that refers to it by name; then the real npm (the pinned npm 11) installs.',
  );
  const auth = await trustpub(
    [
      'install-auth',
      '--token-env',
      READ_TOKEN_VAR,
      '--scope',
      '@private-scope',
      '--registry',
      sandbox.registry,
    ],
    project,
  );
  io.check(auth.code === 0, `trustpub install-auth exited ${auth.code}: ${auth.stderr.trim()}`);
  const npmrc = fs.readFileSync(path.join(project, '.npmrc'), 'utf8');
  io.quote('.npmrc', npmrc);
  io.check(
    npmrc.includes(`\${${READ_TOKEN_VAR}}`) && !npmrc.includes(readToken),
    '.npmrc does not hold just a reference to the token',
  );
  const install = await npm(['install', '--ignore-scripts', '--no-audit', '--no-fund'], project, {
    [READ_TOKEN_VAR]: readToken,
  });
  io.quote('npm install', output(install), (l) => /added|ERR|error/i.test(l), 4);
  io.check(install.code === 0, `npm install exited ${install.code}`);
  const installed = (name: string) =>
    (
      JSON.parse(
        fs.readFileSync(path.join(project, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string }
    ).version;
  const want = {
    [CLI]: latest(CLI),
    [CLIENT]: latest(CLIENT),
    [CORE]: latest(CORE),
    [BILLING]: BILLING_VERSION,
  };
  for (const [name, version] of Object.entries(want)) {
    io.check(fs.existsSync(path.join(project, 'node_modules', name)), `${name} was not installed`);
    io.check(
      installed(name) === version,
      `${name} ${installed(name)} was installed, expected ${version}`,
    );
  }
  const { stdout } = await run(
    process.execPath,
    ['-e', `console.log(require(${JSON.stringify(CLI)}).describe())`],
    { cwd: project },
  );
  io.quote('node', stdout);
  return `${Object.entries(want)
    .map(([n, v]) => `${n.split('/')[1]}@${v}`)
    .join(', ')} installed with a read-only token`;
}
