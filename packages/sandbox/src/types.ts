/** Options of `startSandbox()`. Every field is optional. */
export interface SandboxOptions {
  /** State directory (default: a new temp dir, removed on stop). Holds the marker `.trustpub-sandbox-state`. */
  dir?: string;
  /** Registry port on 127.0.0.1 (0 or unset: any free port). */
  port?: number;
  /** Issuer port on 127.0.0.1 (0 or unset: any free port). */
  issuerPort?: number;
  /** Delay every registry and issuer answer by this many milliseconds (network stand-in for benchmarks). */
  latencyMs?: number;
  /**
   * npmjs's CDN in front of packument reads: an anonymous GET or HEAD of a packument without `?write=true`
   * is answered from what the first such read got, for this many milliseconds (npmjs sends
   * `cache-control: max-age=300` and a publish does not purge it). Reads with `?write=true` or a token go
   * to the registry. Default 0: no cache.
   */
  cdnCacheMs?: number;
  /** Lifetime of exchanged tokens (default one hour, as in npm's API docs example). */
  exchangeTokenTtlMs?: number;
  /**
   * How many tokens for exchanges the sandbox keeps minted ahead (default 32), so that a burst of
   * exchanges is answered side by side as npmjs answers it; 0 mints each token when it is asked for.
   */
  exchangeReserve?: number;
  /** Trust API request budget per user token; beyond it the API answers 429 with Retry-After. */
  trustRateLimit?: { requests: number; perMs: number };
  /** The scope whose packages need a token to read (default `@private-scope`). */
  restrictedScope?: string;
  /** Whether exchanged tokens may change dist-tags of their package (default true; npm 11.21+ sends them). */
  exchangedTokensForDistTags?: boolean;
  /**
   * The clock (epoch ms) the trust API checks one-time passwords against, and that `createUserToken().otp()`
   * reads (default `Date.now`). Tests move it forward to expire a code at an exact point of a run.
   */
  otpClock?: () => number;
}

/** One element of the array `npm trust <provider>` POSTs (docs/protocol.md, trust API). */
export interface TrustConfigBody {
  type: 'github' | 'gitlab' | 'circleci';
  claims: Record<string, unknown>;
  permissions?: string[];
}

/** A stored trusted-publisher configuration, as `GET /-/package/<name>/trust` lists it. */
export interface TrustConfig extends TrustConfigBody {
  id: string;
  permissions: string[];
}

export interface GithubJobOptions {
  /** `owner/repo` */
  repo: string;
  /** Workflow file name, e.g. `release.yml`. */
  workflow: string;
  environment?: string;
  /** Git ref (default `refs/heads/main`). */
  ref?: string;
  visibility?: 'public' | 'private' | 'internal';
  runner?: 'github-hosted' | 'self-hosted';
  /** The reusable workflow that actually runs (`job_workflow_ref`), when it differs from the caller. */
  jobWorkflowRef?: string;
}

export interface GitlabJobOptions {
  /** `group/project` or `group/sub/project` */
  project: string;
  /** CI file name (default `.gitlab-ci.yml`). */
  file?: string;
  environment?: string;
  ref?: string;
  visibility?: 'public' | 'private' | 'internal';
  runner?: 'gitlab-hosted' | 'self-hosted';
}

export interface CircleciJobOptions {
  orgId: string;
  projectId: string;
  pipelineDefinitionId: string;
  /** `github.com/owner/repo` */
  vcsOrigin: string;
  contextIds?: string[];
}

export type CiProvider = 'github' | 'gitlab' | 'circleci';
export type CiJobOptions = GithubJobOptions | GitlabJobOptions | CircleciJobOptions;

export interface MintOptions {
  /** Audience (default: the claims' `aud`, else `npm:127.0.0.1`). */
  aud?: string;
  /** Lifetime in seconds (default 300). */
  ttlSeconds?: number;
  /** `iat` in epoch seconds (default now); milliseconds are recognised and converted. */
  issuedAt?: number;
}

/** One request the gateway or the issuer answered. */
export interface RecordedRequest {
  server: 'registry' | 'issuer';
  method: string;
  /** Path without query string. */
  path: string;
  status: number;
  /** The `npm-command` header, when sent. */
  npmCommand?: string;
  /** The scheme of the `authorization` header (`bearer`, `basic`), when sent; never its value. */
  auth?: string;
  /** The `audience` a client asked the issuer's GitHub ID-token endpoint for (issuer requests only). */
  audience?: string;
  /** When the answer was finished, in ms since the epoch (sub-millisecond): timelines of a run. */
  at: number;
  /** When the request arrived (before any simulated latency), on the same clock as `at`. */
  receivedAt: number;
}

export interface UserToken {
  token: string;
  /** The current one-time password of this user (TOTP, 30 s steps). */
  otp: () => string;
  otpSecret: string;
}

/** A running sandbox (in this process or attached to a detached one). */
export interface Sandbox {
  registry: string;
  issuer: string;
  fulcioUrl: string;
  rekorUrl: string;
  trustedRootPath: string;
  dir: string;
  seed(name: string, version?: string, manifest?: Record<string, unknown>): Promise<void>;
  setTrust(name: string, config: TrustConfigBody): Promise<TrustConfig>;
  /** A user token for the trust API; `webAuth: true` makes its 2FA npmjs's web flow (authUrl/doneUrl). */
  createUserToken(opts?: { otpSecret?: string; webAuth?: boolean }): Promise<UserToken>;
  createReadToken(): Promise<string>;
  ciEnv(provider: 'github', opts: GithubJobOptions): Promise<Record<string, string>>;
  ciEnv(provider: 'gitlab', opts: GitlabJobOptions): Promise<Record<string, string>>;
  ciEnv(provider: 'circleci', opts: CircleciJobOptions): Promise<Record<string, string>>;
  ciEnv(provider: CiProvider, opts: CiJobOptions): Promise<Record<string, string>>;
  mintIdToken(claims: Record<string, unknown>, opts?: MintOptions): Promise<string>;
  requests(): RecordedRequest[];
  stop(): Promise<void>;
}
