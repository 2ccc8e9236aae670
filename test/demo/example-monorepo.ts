// The example project the demo releases: an npm workspace of three packages that depend on each other
// (cli -> client -> core) and on one private package in the registry's restricted scope, in a git
// repository with a local bare remote standing in for GitHub/GitLab.
import { createRepo } from '../e2e/semantic-release-harness.js';
import type { Repo } from '../e2e/support/git.js';

export const SCOPE = '@acme-demo';
export const CORE = `${SCOPE}/core`;
export const CLIENT = `${SCOPE}/client`;
export const CLI = `${SCOPE}/cli`;
export const PACKAGES = [CORE, CLIENT, CLI] as const;
/** Lives in the sandbox's restricted scope: reading it needs a token. */
export const BILLING = '@private-scope/billing';
export const BILLING_VERSION = '1.2.0';
/** The simulated repository: on GitHub first, on GitLab after the move. */
export const SLUG = 'acme-demo/monorepo';
export const GITHUB_WORKFLOW = 'release.yml';
export const GITLAB_FILE = '.gitlab-ci.yml';

/** `repository` of a package in the monorepo, on the given host. */
export function repository(
  host: 'github.com' | 'gitlab.com',
  directory?: string,
): Record<string, string> {
  return {
    type: 'git',
    url: `git+https://${host}/${SLUG}.git`,
    ...(directory ? { directory } : {}),
  };
}

function workspacePackage(
  dir: string,
  name: string,
  dependencies: Record<string, string>,
  code: string,
): Record<string, string | object> {
  return {
    [`packages/${dir}/package.json`]: {
      name,
      version: '0.0.0',
      description: `Acme demo: ${dir}`,
      license: 'MIT',
      main: 'index.js',
      files: ['index.js'],
      repository: repository('github.com', `packages/${dir}`),
      publishConfig: { access: 'public' },
      dependencies,
    },
    [`packages/${dir}/index.js`]: code,
  };
}

/** Every file of the example monorepo as it is first committed. */
export function monorepoFiles(): Record<string, string | object> {
  const describe = (self: string, next: string) =>
    `'use strict';\nconst { version } = require('./package.json');\nexports.describe = () => \`${self}@\${version} -> \${${next}}\`;\n`;
  return {
    'package.json': {
      name: 'acme-demo-monorepo',
      private: true,
      workspaces: ['packages/*'],
      repository: repository('github.com'),
    },
    // changesets (and npm) recognise an npm workspace by its lockfile; nothing is installed in the demo repo.
    'package-lock.json': {
      name: 'acme-demo-monorepo',
      lockfileVersion: 3,
      requires: true,
      packages: {},
    },
    '.trustpub.json': { provider: 'github', file: GITHUB_WORKFLOW, allowPublish: true },
    '.changeset/config.json': {
      $schema: 'https://unpkg.com/@changesets/config/schema.json',
      changelog: false,
      commit: false,
      access: 'public',
      baseBranch: 'main',
      updateInternalDependencies: 'patch',
    },
    ...workspacePackage(
      'core',
      CORE,
      { [BILLING]: `^${BILLING_VERSION}` },
      describe('core', `'billing@' + require('${BILLING}/package.json').version`),
    ),
    ...workspacePackage(
      'client',
      CLIENT,
      { [CORE]: '^0.0.0' },
      describe('client', `require('${CORE}').describe()`),
    ),
    ...workspacePackage(
      'cli',
      CLI,
      { [CLIENT]: '^0.0.0', [CORE]: '^0.0.0' },
      describe('cli', `require('${CLIENT}').describe()`),
    ),
  };
}

/** Writes the monorepo, commits it and pushes it to a fresh bare remote. */
export async function createMonorepo(): Promise<Repo> {
  return createRepo(monorepoFiles(), 'chore: acme demo monorepo');
}
