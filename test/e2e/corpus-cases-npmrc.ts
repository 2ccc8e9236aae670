// Bad registry settings (.npmrc, package.json, environment, --registry): an ID token or exchanged token
// never travels in plain text to a machine that is not this one; a broken setting never falls back to
// npmjs. Every refusal happens before any connection (the network guard would fail the run otherwise).
import { onePackage, type CorpusCase } from './support/corpus.js';

const INSECURE = [
  'http://10.1.2.3/',
  'http://registry.npmjs.org/',
  'HTTP://REGISTRY.NPMJS.ORG/',
  'http://192.168.1.10:4873/',
  'http://0.0.0.0:4873/',
  'http://localhost.evil.example/',
  'http://127.0.0.1.nip.io/',
  'http://[::ffff:a00:1]/',
  'http://[fe80::1]/',
  'http://example.com/npm/',
  'http://169.254.169.254/',
];

/** The job's own registry variable is removed so the setting under test is the one npm would use. */
const unpinned = () => ({ npm_config_registry: undefined });

function npmrc(line: string) {
  return (c: Parameters<ReturnType<typeof onePackage>>[0]) => ({
    ...onePackage()(c),
    '.npmrc': `${line}\n`,
  });
}

export const NPMRC_CASES: CorpusCase[] = [
  ...INSECURE.map((url): CorpusCase => ({
    kind: 'npmrc',
    title: `.npmrc registry=${url}`,
    files: npmrc(`registry=${url}`),
    env: unpinned,
    registered: true,
    code: 'TOKEN_TRANSPORT_INSECURE',
    mentions: /https:\/\//,
  })),
  ...['http://10.0.0.7/', 'http://registry.npmjs.org/'].map((url): CorpusCase => ({
    kind: 'npmrc',
    title: `.npmrc @corpus:registry=${url}`,
    files: npmrc(`@corpus:registry=${url}`),
    env: unpinned,
    code: 'TOKEN_TRANSPORT_INSECURE',
  })),
  {
    kind: 'npmrc',
    title: 'publishConfig.registry over plain http to another machine',
    files: onePackage({ publishConfig: { registry: 'http://10.0.0.8/' } }),
    code: 'TOKEN_TRANSPORT_INSECURE',
  },
  {
    kind: 'npmrc',
    title: 'npm_config_registry over plain http to another machine',
    env: () => ({ npm_config_registry: 'http://10.0.0.10/' }),
    code: 'TOKEN_TRANSPORT_INSECURE',
  },
  {
    kind: 'npmrc',
    title: '--registry over plain http to another machine',
    args: () => ['publish', '--registry', 'http://10.0.0.9/'],
    code: 'TOKEN_TRANSPORT_INSECURE',
  },
  {
    kind: 'npmrc',
    title: 'doctor --registry over plain http to another machine',
    args: () => ['doctor', '--registry', 'http://10.0.0.9/'],
    code: 'TOKEN_TRANSPORT_INSECURE',
  },
  {
    kind: 'npmrc',
    title: 'doctor with .npmrc registry=http://registry.npmjs.org/',
    files: npmrc('registry=http://registry.npmjs.org/'),
    env: unpinned,
    args: () => ['doctor'],
    code: 'TOKEN_TRANSPORT_INSECURE',
  },
  {
    kind: 'npmrc',
    title: 'GitLab job with .npmrc registry over plain http',
    job: { provider: 'gitlab' },
    files: npmrc('registry=http://10.9.9.9/'),
    env: unpinned,
    code: 'TOKEN_TRANSPORT_INSECURE',
  },
  {
    kind: 'npmrc',
    title: 'trust list with --registry over plain http',
    args: (c) => ['trust', 'list', c.name, '--registry', 'http://10.0.0.11/'],
    env: () => ({ NPM_TOKEN: 'npm_corpusMaintainerTokenValue0000000000' }),
    code: 'TOKEN_TRANSPORT_INSECURE',
  },
  {
    kind: 'npmrc',
    title: 'the GitHub ID-token request URL over plain http to another machine',
    env: (_c, job) => ({
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://10.0.0.12${new URL(job.ACTIONS_ID_TOKEN_REQUEST_URL ?? 'http://x/').pathname}`,
    }),
    code: 'TOKEN_TRANSPORT_INSECURE',
  },
  {
    kind: 'npmrc',
    title: 'an empty registry= does not fall back to npmjs',
    files: npmrc('registry='),
    env: unpinned,
    code: 'CONFIG_REGISTRY_INVALID',
  },
  ...['not a url', 'ftp://registry.example/', 'file:///tmp/registry', '//registry.example/'].map(
    (value): CorpusCase => ({
      kind: 'npmrc',
      title: `.npmrc registry=${value}`,
      files: npmrc(`registry=${value}`),
      env: unpinned,
      code: 'CONFIG_REGISTRY_INVALID',
    }),
  ),
  {
    kind: 'npmrc',
    title: 'an empty scoped registry',
    files: npmrc('@corpus:registry='),
    code: 'CONFIG_REGISTRY_INVALID',
  },
  {
    kind: 'npmrc',
    title: 'publishConfig.registry is not a URL',
    files: onePackage({ publishConfig: { registry: 'registry.npmjs.org' } }),
    code: 'CONFIG_REGISTRY_INVALID',
  },
  {
    kind: 'npmrc',
    title: '.npmrc registry names a variable that is not set',
    files: npmrc('registry=${CORPUS_UNSET_REGISTRY}'),
    env: unpinned,
    code: 'CONFIG_NPMRC_ENV_MISSING',
  },
  {
    kind: 'npmrc',
    title: '.npmrc scoped registry names a variable that is not set',
    files: npmrc('@corpus:registry=${CORPUS_UNSET_SCOPE}/'),
    code: 'CONFIG_NPMRC_ENV_MISSING',
  },
  {
    kind: 'npmrc',
    title: 'provenance=true in .npmrc from a private repository',
    files: npmrc('provenance=true'),
    registered: true,
    code: 'PROVENANCE_PRIVATE_REPOSITORY',
  },
];
