import crypto from 'node:crypto';
import { decodeJwt } from 'jose';
import type { CA } from '@sigstore/mock/dist/fulcio/ca.js';
import { identityFromClaims } from './fulcio-identity.js';
import type { Reply } from './reply.js';

export interface FulcioOptions {
  /** Checks the identity token's signature (the sandbox passes its issuer's JWKS check); decode-only when absent. */
  verifyToken?: (jwt: string) => Promise<void>;
  now?: () => number;
}

/**
 * PEM as real Fulcio sends it, written by OpenSSL. A hand-rolled `replace(/(.{64})/g, '$1\n')` left an
 * empty line before the footer whenever the base64 text was an exact multiple of 64 characters; OpenSSL
 * (the local Rekor, `new X509Certificate(pem)`) rejects that with "asn1 encoding routines::wrong tag",
 * so signing failed for about one certificate length in sixteen. Parsing here also refuses bad DER.
 */
const toPem = (der: ArrayBufferView): string =>
  new crypto.X509Certificate(Buffer.from(der.buffer, der.byteOffset, der.byteLength)).toString();

const error = (statusCode: number, message: string): Reply => ({
  statusCode,
  contentType: 'application/json',
  response: JSON.stringify({ code: statusCode === 401 ? 16 : 3, message }),
});

/**
 * `POST /api/v2/signingCert`, as Fulcio answers it: the identity token must be meant for `sigstore`
 * and unexpired, the proof of possession must be the token subject signed with the submitted key, and
 * the certificate carries the SAN and extensions real Fulcio derives from CI claims. The CA, its CT
 * log (embedded SCT) and the certificate encoding come from `@sigstore/mock`.
 */
export function fulcioSigningCert(
  ca: CA,
  options: FulcioOptions = {},
): (body: string) => Promise<Reply> {
  const now = options.now ?? Date.now;
  return async (body) => {
    let token: string;
    let publicKeyPem: string;
    let proof: string;
    try {
      const req = JSON.parse(body) as {
        credentials?: { oidcIdentityToken?: string };
        publicKeyRequest?: { publicKey?: { content?: string }; proofOfPossession?: string };
      };
      token = req.credentials?.oidcIdentityToken ?? '';
      publicKeyPem = req.publicKeyRequest?.publicKey?.content ?? '';
      proof = req.publicKeyRequest?.proofOfPossession ?? '';
      if (!token || !publicKeyPem || !proof) throw new Error('missing field');
    } catch {
      return error(400, 'The CertificateRequest was invalid.');
    }
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(token);
      if (options.verifyToken) await options.verifyToken(token);
    } catch {
      return error(401, 'There was an error processing the identity token');
    }
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes('sigstore'))
      return error(
        401,
        'There was an error processing the identity token: audience is not "sigstore"',
      );
    if (typeof claims.exp === 'number' && claims.exp * 1000 < now()) {
      return error(401, 'There was an error processing the identity token: token is expired');
    }
    let publicKey: crypto.KeyObject;
    try {
      publicKey = crypto.createPublicKey(publicKeyPem);
    } catch {
      return error(400, 'The public key supplied in the request could not be parsed');
    }
    const subject =
      typeof claims.email === 'string'
        ? claims.email
        : typeof claims.sub === 'string'
          ? claims.sub
          : '';
    if (!crypto.verify('sha256', Buffer.from(subject), publicKey, Buffer.from(proof, 'base64'))) {
      return error(400, 'The signature supplied in the request could not be verified');
    }
    const identity = identityFromClaims(claims);
    const leaf = await ca.issueCertificate({
      publicKey: publicKey.export({ format: 'der', type: 'spki' }),
      subjectAltName: identity.san,
      extensions: identity.extensions,
    });
    return {
      statusCode: 201,
      contentType: 'application/json',
      response: JSON.stringify({
        signedCertificateEmbeddedSct: {
          chain: { certificates: [toPem(leaf), toPem(ca.rootCertificate)] },
        },
      }),
    };
  };
}
