// Bad ID tokens: in NPM_ID_TOKEN (which npm and trustpub read first on every CI) or from a broken GitHub
// request flow. Each fails with its own code before anything is uploaded.
import { githubClaims } from '@trustpub/sandbox';
import { REPO, WORKFLOW } from './cli-harness.js';
import type { CaseContext, CorpusCase } from './support/corpus.js';

const b64 = (v: unknown) =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const claims = () => githubClaims({ repo: REPO, workflow: WORKFLOW, visibility: 'private' });
const aud = (c: CaseContext) => `npm:${new URL(c.registry).hostname}`;
const valid = (c: CaseContext) => c.sandbox.mintIdToken(claims(), { aud: aud(c), ttlSeconds: 600 });

/** A case whose NPM_ID_TOKEN is `value(c)`. */
function token(
  title: string,
  value: (c: CaseContext) => string | Promise<string>,
  code: string,
): CorpusCase {
  return {
    kind: 'id-token',
    title,
    registered: true,
    env: async (c) => ({ NPM_ID_TOKEN: await value(c) }),
    code,
  };
}

export const ID_TOKEN_CASES: CorpusCase[] = [
  token(
    'NPM_ID_TOKEN in double quotes',
    async (c) => `"${await valid(c)}"`,
    'ID_TOKEN_INVALID_JWT',
  ),
  token(
    'NPM_ID_TOKEN in single quotes',
    async (c) => `'${await valid(c)}'`,
    'ID_TOKEN_INVALID_JWT',
  ),
  token(
    'NPM_ID_TOKEN with "Bearer "',
    async (c) => `Bearer ${await valid(c)}`,
    'ID_TOKEN_INVALID_JWT',
  ),
  token('NPM_ID_TOKEN is not a JWT', () => 'not-a-jwt', 'ID_TOKEN_INVALID_JWT'),
  token(
    'NPM_ID_TOKEN has two segments',
    () => `${b64({ alg: 'RS256' })}.${b64(claims())}`,
    'ID_TOKEN_INVALID_JWT',
  ),
  token('NPM_ID_TOKEN has four segments', () => `a.${b64(claims())}.c.d`, 'ID_TOKEN_INVALID_JWT'),
  token(
    'NPM_ID_TOKEN payload is not base64url',
    () => `${b64({ alg: 'RS256' })}.!!!.sig`,
    'ID_TOKEN_INVALID_JWT',
  ),
  token(
    'NPM_ID_TOKEN payload is not JSON',
    () => `${b64({ alg: 'RS256' })}.${b64('hello')}.sig`,
    'ID_TOKEN_INVALID_JWT',
  ),
  token(
    'NPM_ID_TOKEN payload is a JSON array',
    () => `${b64({ alg: 'RS256' })}.${b64([1, 2])}.sig`,
    'ID_TOKEN_INVALID_JWT',
  ),
  token(
    'NPM_ID_TOKEN holds a space',
    async (c) => (await valid(c)).replace('.', '. '),
    'ID_TOKEN_INVALID_JWT',
  ),
  token('NPM_ID_TOKEN is a JSON document', () => '{"value":"x"}', 'ID_TOKEN_INVALID_JWT'),
  token(
    'NPM_ID_TOKEN expired an hour ago',
    (c) =>
      c.sandbox.mintIdToken(claims(), {
        aud: aud(c),
        ttlSeconds: 60,
        issuedAt: Math.floor(Date.now() / 1000) - 3600,
      }),
    'ID_TOKEN_EXPIRED',
  ),
  token(
    'NPM_ID_TOKEN for npmjs, not this registry',
    (c) => c.sandbox.mintIdToken(claims(), { aud: 'npm:registry.npmjs.org', ttlSeconds: 600 }),
    'ID_TOKEN_AUDIENCE_MISMATCH',
  ),
  token(
    'NPM_ID_TOKEN with the sigstore audience',
    (c) => c.sandbox.mintIdToken(claims(), { aud: 'sigstore', ttlSeconds: 600 }),
    'ID_TOKEN_AUDIENCE_MISMATCH',
  ),
  token(
    'NPM_ID_TOKEN with forged claims (signature no longer matches)',
    async (c) => {
      const [h, , s] = (await valid(c)).split('.');
      const forged = {
        ...(JSON.parse(
          Buffer.from((await valid(c)).split('.')[1] ?? '', 'base64url').toString(),
        ) as Record<string, unknown>),
        repository: 'evil/repo',
      };
      return `${h}.${b64(forged)}.${s}`;
    },
    'EXCHANGE_UNAUTHORIZED',
  ),
  token(
    'NPM_ID_TOKEN unsigned (alg none)',
    (c) =>
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), aud: aud(c), iss: c.sandbox.issuer, exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) })}.`,
    'EXCHANGE_UNAUTHORIZED',
  ),
  token(
    'NPM_ID_TOKEN for another repository',
    (c) =>
      c.sandbox.mintIdToken(
        githubClaims({ repo: 'evil/repo', workflow: WORKFLOW, visibility: 'private' }),
        {
          aud: aud(c),
          ttlSeconds: 600,
        },
      ),
    'EXCHANGE_NO_TRUSTED_PUBLISHER',
  ),
  token(
    'NPM_ID_TOKEN for another workflow file',
    (c) =>
      c.sandbox.mintIdToken(
        githubClaims({ repo: REPO, workflow: 'other.yml', visibility: 'private' }),
        {
          aud: aud(c),
          ttlSeconds: 600,
        },
      ),
    'EXCHANGE_NO_TRUSTED_PUBLISHER',
  ),
  {
    kind: 'id-token',
    title: 'GitLab job without NPM_ID_TOKEN',
    job: { provider: 'gitlab' },
    registered: true,
    env: () => ({ NPM_ID_TOKEN: undefined }),
    code: 'ID_TOKEN_MISSING',
  },
  {
    kind: 'id-token',
    title: 'GitLab job with a blank NPM_ID_TOKEN',
    job: { provider: 'gitlab' },
    registered: true,
    env: () => ({ NPM_ID_TOKEN: '   ' }),
    code: 'ID_TOKEN_MISSING',
  },
  {
    kind: 'id-token',
    title: 'GitHub job without id-token: write (no request URL)',
    registered: true,
    env: () => ({ ACTIONS_ID_TOKEN_REQUEST_URL: undefined }),
    code: 'ID_TOKEN_PERMISSION_MISSING',
  },
  {
    kind: 'id-token',
    title: 'GitHub job without a request token',
    registered: true,
    env: () => ({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined }),
    code: 'ID_TOKEN_PERMISSION_MISSING',
  },
  {
    kind: 'id-token',
    title: 'GitHub request URL is not a URL',
    registered: true,
    env: () => ({ ACTIONS_ID_TOKEN_REQUEST_URL: 'not a url' }),
    code: 'ID_TOKEN_REQUEST_URL_INVALID',
  },
  {
    kind: 'id-token',
    title: 'GitHub request token is wrong',
    registered: true,
    env: () => ({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-request-token' }),
    code: 'ID_TOKEN_REQUEST_FAILED',
  },
];
