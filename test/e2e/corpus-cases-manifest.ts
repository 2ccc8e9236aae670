// Bad manifests and workspaces: each is found before anything is sent (publish exits non-zero with
// the code and its fix; doctor names the same code).
import { manifest, onePackage, type CaseContext, type CorpusCase } from './support/corpus.js';

const raw = (text: string) => (): Record<string, string> => ({
  'package.json': text,
  'index.js': '',
});

/** A two-package npm workspace: `a` (this case's name) and `b`, each with `over` merged in. */
function workspace(overA: Record<string, unknown>, overB: Record<string, unknown> = {}) {
  return (c: CaseContext): Record<string, string | object> => ({
    'package.json': { name: 'root', private: true, workspaces: ['packages/*'] },
    'packages/a/package.json': manifest(c, { repository: repo('packages/a'), ...overA }),
    'packages/a/index.js': '',
    'packages/b/package.json': manifest(c, {
      name: `${c.name}-b`,
      repository: repo('packages/b'),
      ...overB,
    }),
    'packages/b/index.js': '',
  });
}
const repo = (directory: string) => ({
  type: 'git',
  url: 'git+https://github.com/acme/monorepo.git',
  directory,
});
const ws = () => ['publish', '--workspaces'];
const doctorWs = () => ['doctor', '--workspaces'];

const invalidNames = [
  'UpperCase',
  'has space',
  '.leading-dot',
  '_leading-underscore',
  'x'.repeat(215),
  '@scope/',
  '@/nameless',
  'crème',
  'node_modules',
  'favicon.ico',
  'a/b',
  '~tilde',
  "quote'name",
  '',
];
const invalidVersions = [
  '1.0',
  '1.0.0.0',
  'latest',
  '01.0.0',
  '',
  '1.0.0-beta..1',
  '>=1.0.0',
  '1.x',
];

export const MANIFEST_CASES: CorpusCase[] = [
  {
    kind: 'manifest',
    title: 'no package.json',
    files: () => ({ 'index.js': '' }),
    code: 'CONFIG_MANIFEST_NOT_FOUND',
  },
  ...[
    ['empty file', ''],
    ['trailing comma', '{"name":"x","version":"1.0.0",}'],
    ['truncated', '{"name":"x","vers'],
    ['an array', '[]'],
    ['a string', '"package"'],
    ['null', 'null'],
    ['a number', '42'],
    ['comments', '// c\n{"name":"x","version":"1.0.0"}'],
    ['single quotes', "{'name':'x','version':'1.0.0'}"],
  ].map(([title, text]): CorpusCase => ({
    kind: 'manifest',
    title: `package.json is ${title}`,
    files: raw(text ?? ''),
    code: 'CONFIG_MANIFEST_INVALID',
  })),
  ...invalidNames.map((name): CorpusCase => ({
    kind: 'manifest',
    title: `invalid name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}...` : name)}`,
    files: onePackage({ name }),
    code: 'CONFIG_INVALID_NAME',
  })),
  {
    kind: 'manifest',
    title: 'name is not a string',
    files: onePackage({ name: 42 }),
    code: 'CONFIG_INVALID_NAME',
  },
  {
    kind: 'manifest',
    title: 'no name',
    files: onePackage({ name: undefined }),
    code: 'CONFIG_INVALID_NAME',
  },
  ...invalidVersions.map((version): CorpusCase => ({
    kind: 'manifest',
    title: `invalid version ${JSON.stringify(version)}`,
    files: onePackage({ version }),
    code: 'CONFIG_INVALID_VERSION',
  })),
  {
    kind: 'manifest',
    title: 'version is a number',
    files: onePackage({ version: 1 }),
    code: 'CONFIG_INVALID_VERSION',
  },
  {
    kind: 'manifest',
    title: 'no version',
    files: onePackage({ version: undefined }),
    code: 'CONFIG_INVALID_VERSION',
  },
  {
    kind: 'manifest',
    title: '"private": true (a single package is an error, not a success)',
    files: onePackage({ private: true }),
    code: 'CONFIG_PRIVATE_PACKAGE',
  },
  {
    kind: 'manifest',
    title: '"private": "true" is private, as npm reads it',
    files: onePackage({ private: 'true' }),
    code: 'CONFIG_PRIVATE_PACKAGE',
  },
  ...['1.0.0-beta.1', '2.0.0-rc.0', '1.0.0-0'].map((version): CorpusCase => ({
    kind: 'manifest',
    title: `prerelease ${version} without a tag`,
    files: onePackage({ version }),
    code: 'CONFIG_PRERELEASE_NEEDS_TAG',
  })),
  ...['1.0.0', 'v1.2.3', 'bad tag', '%41', 'a/b'].map((tag): CorpusCase => ({
    kind: 'manifest',
    title: `publishConfig.tag ${JSON.stringify(tag)}`,
    files: onePackage({ publishConfig: { tag } }),
    code: 'CONFIG_INVALID_TAG',
  })),
  ...['bogus', 'Public', 'internal', ''].map((access): CorpusCase => ({
    kind: 'manifest',
    title: `publishConfig.access ${JSON.stringify(access)}`,
    files: onePackage({ publishConfig: { access } }),
    code: 'CONFIG_INVALID_ACCESS',
  })),
  {
    kind: 'manifest',
    title: 'access "private" (npm\'s alias of restricted) for an unscoped package',
    files: onePackage({ name: 'corpus-unscoped-y', publishConfig: { access: 'private' } }),
    code: 'CONFIG_RESTRICTED_UNSCOPED',
  },
  {
    kind: 'manifest',
    title: 'restricted access for an unscoped package',
    files: onePackage({ name: 'corpus-unscoped-x', publishConfig: { access: 'restricted' } }),
    code: 'CONFIG_RESTRICTED_UNSCOPED',
  },
  {
    kind: 'manifest',
    title: 'version lower than latest',
    registered: ['2.0.0'],
    files: onePackage({ version: '1.5.0' }),
    code: 'CONFIG_LATEST_DOWNGRADE',
  },
  {
    kind: 'manifest',
    title: 'prepublishOnly fails',
    files: onePackage({ scripts: { prepublishOnly: 'node -e "process.exit(3)"' } }),
    code: 'PACK_LIFECYCLE_SCRIPT_FAILED',
  },
  {
    kind: 'manifest',
    title: 'prepack fails',
    files: onePackage({ scripts: { prepack: 'node -e "process.exit(1)"' } }),
    code: 'PACK_LIFECYCLE_SCRIPT_FAILED',
  },
  {
    kind: 'manifest',
    title: 'a highly compressible file is packed, not an internal error',
    registered: true,
    faults: () => [{ kind: 'put', fault: { answer: { status: 400, body: '{"error":"x"}' } } }],
    files: (c) => ({ ...onePackage()(c), 'zeros.bin': Buffer.alloc(24 * 1024 * 1024).toString() }),
    code: 'PUBLISH_REJECTED',
  },
  // Workspaces: every problem of every package is found before the first upload.
  ...(
    [
      [
        'publishConfig.access "bogus"',
        { publishConfig: { access: 'bogus' } },
        'CONFIG_INVALID_ACCESS',
      ],
      [
        'a workspace: range to an unknown package',
        { dependencies: { foo: 'workspace:*' } },
        'CONFIG_WORKSPACE_TARGET_UNKNOWN',
      ],
      [
        'workspace:foo',
        { dependencies: { foo: 'workspace:foo' } },
        'CONFIG_WORKSPACE_TARGET_UNKNOWN',
      ],
      [
        'an unknown catalog entry',
        { dependencies: { foo: 'catalog:' } },
        'CONFIG_CATALOG_ENTRY_UNKNOWN',
      ],
      ['a prerelease without a tag', { version: '1.1.0-beta.0' }, 'CONFIG_PRERELEASE_NEEDS_TAG'],
      ['an invalid version', { version: '1.0' }, 'CONFIG_INVALID_VERSION'],
      ['an invalid publishConfig.tag', { publishConfig: { tag: '1.2.3' } }, 'CONFIG_INVALID_TAG'],
      [
        'repository.url differing in case',
        { repository: { type: 'git', url: 'git+https://github.com/Acme/Monorepo.git' } },
        'CONFIG_REPOSITORY_MISMATCH',
      ],
    ] as const
  ).flatMap(([title, over, code]): CorpusCase[] =>
    [ws, doctorWs].map((args) => ({
      kind: 'manifest',
      title: `workspace (${args()[0]}): one package has ${title}`,
      job: { provider: 'github', visibility: 'public' },
      files: workspace({}, over as Record<string, unknown>),
      args,
      code,
    })),
  ),
  {
    kind: 'manifest',
    title: 'workspace: two packages with the same name',
    files: (c) => workspace({}, { name: c.name })(c),
    args: ws,
    code: 'CONFIG_DUPLICATE_PACKAGE_NAME',
  },
  {
    kind: 'manifest',
    title: 'workspace: a dependency cycle through dependencies',
    files: (c) =>
      workspace(
        { dependencies: { [`${c.name}-b`]: '1.0.0' } },
        { dependencies: { [c.name]: '1.0.0' } },
      )(c),
    args: ws,
    code: 'RELEASE_DEPENDENCY_CYCLE',
  },
  {
    kind: 'manifest',
    title: 'workspace: a dependency on a private workspace package',
    files: (c) => workspace({ dependencies: { [`${c.name}-b`]: '1.0.0' } }, { private: true })(c),
    args: ws,
    code: 'RELEASE_DEPENDENCY_UNPUBLISHED',
  },
  {
    kind: 'manifest',
    title: 'workspace: nothing publishable (every package private)',
    files: (c) => workspace({ private: true }, { private: true })(c),
    args: ws,
    code: 'CONFIG_PRIVATE_PACKAGE',
  },
];
