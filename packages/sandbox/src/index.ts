// Public API of @trustpub/sandbox: a local registry that behaves like npmjs for trusted publishing.
export { startSandbox } from './start-sandbox.js';
export { connectSandbox } from './connect-sandbox.js';
export { githubClaims, gitlabClaims, circleciClaims } from './claims.js';
export { SandboxError } from './sandbox-error.js';
// The registry-side provenance check the gateway runs on every publish, for tools that want to run it themselves.
export { startSigstore, verifyProvenanceAttachment } from './sigstore/index.js';
export { totp } from './totp.js';
export { MARKER_FILE, STATE_FILE, readState } from './state-file.js';
export type { SandboxState } from './state-file.js';
export type {
  Sandbox,
  SandboxOptions,
  TrustConfig,
  TrustConfigBody,
  GithubJobOptions,
  GitlabJobOptions,
  CircleciJobOptions,
  CiJobOptions,
  CiProvider,
  MintOptions,
  RecordedRequest,
  UserToken,
} from './types.js';
