// oidc/: CI detection, ID tokens and their claims, the token exchange, per-package authentication, the expected trusted publisher.
export { authenticatePackage } from './authenticate.js';
export type { PackageAuth } from './authenticate.js';
export { detectCi } from './ci-detect.js';
export { audiencesOf, decodeClaims, relevantClaims } from './claims.js';
export { exchangeToken } from './exchange.js';
export type { ExchangeInput, ExchangedToken } from './exchange.js';
export {
  comparedFields,
  matchingSettings,
  workflowFile,
  type PublisherSituation,
} from './expected-publisher.js';
export { audienceFor, checkIdToken, createIdTokenCache, getIdToken } from './id-token.js';
export { requestGithubIdToken } from './id-token-github.js';
