// Local Sigstore for the sandbox: Fulcio, Rekor and a TSA on loopback, and the registry-side provenance check.
export { startSigstore, TRUSTED_ROOT_FILE } from './start-sigstore.js';
export type { LocalSigstore, StartSigstoreOptions } from './start-sigstore.js';
export { verifyProvenanceAttachment, npmPurl } from './verify-attachment.js';
export type {
  AttachmentContext,
  AttachmentVerdict,
  ProvenanceAttestation,
} from './verify-attachment.js';
export { identityFromClaims } from './fulcio-identity.js';
export { normalizeRepositoryUrl } from './repository-url.js';
