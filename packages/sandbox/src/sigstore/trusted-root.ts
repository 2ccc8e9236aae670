import crypto from 'node:crypto';
import { HashAlgorithm, PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs';

export interface TrustedRootInput {
  url: string;
  caRoot: ArrayBufferView;
  ctlogPublicKey: ArrayBufferView;
  tlogPublicKey: ArrayBufferView;
  tsaChain: ArrayBufferView[];
  validFrom: Date;
}

const bytes = (v: ArrayBufferView): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const spki = (key: ArrayBufferView) => crypto.createHash('sha256').update(bytes(key)).digest();

/**
 * The trusted root (`application/vnd.dev.sigstore.trustedroot+json;version=0.1`) that makes bundles from
 * this Sigstore verify offline with `@sigstore/verify`: our CA, CT log, Rekor log and TSA, all valid from
 * the moment the keys were made. Written as the protobuf JSON form, which `TrustedRoot.fromJSON` reads back.
 */
export function buildTrustedRoot(input: TrustedRootInput): unknown {
  const start = input.validFrom;
  const log = (key: ArrayBufferView) => ({
    baseUrl: input.url,
    hashAlgorithm: HashAlgorithm.SHA2_256,
    publicKey: {
      rawBytes: bytes(key),
      keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
      validFor: { start },
    },
    logId: { keyId: spki(key) },
    checkpointKeyId: undefined,
    operator: 'trustpub-sandbox',
  });
  const ca = (certs: ArrayBufferView[]) => ({
    subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
    uri: input.url,
    certChain: { certificates: certs.map((c) => ({ rawBytes: bytes(c) })) },
    validFor: { start },
    operator: 'trustpub-sandbox',
  });
  return TrustedRoot.toJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [log(input.tlogPublicKey)],
    certificateAuthorities: [ca([input.caRoot])],
    ctlogs: [log(input.ctlogPublicKey)],
    timestampAuthorities: [ca(input.tsaChain)],
  });
}
