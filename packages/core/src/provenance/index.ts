// provenance/: whether to attach provenance, the in-toto statement, Sigstore signing and verification.
export { signerIdentity } from './certificate.js';
export type { SignerIdentity } from './certificate.js';
export { decideProvenance } from './decide.js';
export type {
  ProvenanceDecision,
  ProvenanceDecisionInput,
  ProvenanceOffReason,
  ProvenanceSource,
} from './decide.js';
export {
  PUBLIC_GOOD_FULCIO_URL,
  PUBLIC_GOOD_REKOR_URL,
  signProvenance,
  sigstoreIdentityToken,
} from './sign.js';
export type { SignProvenanceOptions, SignedProvenance } from './sign.js';
export {
  INTOTO_PAYLOAD_TYPE,
  buildProvenanceStatement,
  npmPurl,
  provenanceSubject,
} from './statement.js';
export type { ProvenanceSubject } from './statement.js';
export { verifyProvenanceBundle } from './verify.js';
export type { ProvenanceExpectations, VerifiedProvenance } from './verify.js';
