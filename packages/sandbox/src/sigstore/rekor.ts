import crypto from 'node:crypto';
import type { Reply } from './reply.js';

/** The mock transparency log from `@sigstore/mock` (`initializeTLog`). */
export interface TLog {
  log(proposedEntry: object): Promise<Record<string, RekorEntry>>;
}

export interface RekorEntry {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification: unknown;
}

interface ProposedDsse {
  apiVersion?: string;
  kind?: string;
  spec?: { proposedContent?: { envelope?: string; verifiers?: string[] } };
}

const sha256 = (data: Buffer | string): string =>
  crypto.createHash('sha256').update(data).digest('hex');
const json = (statusCode: number, value: unknown): Reply => ({
  statusCode,
  contentType: 'application/json',
  response: JSON.stringify(value),
});

/** DSSE pre-authentication encoding: what a DSSE signature is computed over. */
function pae(payloadType: string, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payload.length} `),
    payload,
  ]);
}

/**
 * Turns a proposed `dsse` 0.0.1 entry into the body real Rekor stores: envelope and payload hashes
 * plus each signature with its verifier, after checking every signature against the verifier's key.
 * The mock tlog logs a proposed entry verbatim, which for `dsse` is the raw `proposedContent`; a
 * verifier then finds no `signatures` in the logged body ("signature count mismatch"). This is the one
 * place the sandbox departs from the mock, so that bundles signed exactly as npm signs them (kind
 * `dsse`, bundle v0.3) verify.
 */
export function canonicalDsseBody(entry: ProposedDsse): object {
  const envelopeText = entry.spec?.proposedContent?.envelope;
  const verifiers = entry.spec?.proposedContent?.verifiers ?? [];
  if (!envelopeText || verifiers.length === 0)
    throw new Error('dsse entry needs proposedContent.envelope and verifiers');
  const envelope = JSON.parse(envelopeText) as {
    payload?: string;
    payloadType?: string;
    signatures?: { sig: string }[];
  };
  if (
    typeof envelope.payload !== 'string' ||
    typeof envelope.payloadType !== 'string' ||
    !envelope.signatures?.length
  ) {
    throw new Error('envelope must have payload, payloadType and signatures');
  }
  const payload = Buffer.from(envelope.payload, 'base64');
  const message = pae(envelope.payloadType, payload);
  const signatures = envelope.signatures.map(({ sig }) => {
    const verifier = verifiers.find((v) => {
      const key = new crypto.X509Certificate(Buffer.from(v, 'base64')).publicKey;
      return crypto.verify('sha256', message, key, Buffer.from(sig, 'base64'));
    });
    if (!verifier)
      throw new Error('could not verify envelope signature with any of the given verifiers');
    return { signature: sig, verifier };
  });
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(envelopeText) },
      payloadHash: { algorithm: 'sha256', value: sha256(payload) },
      signatures,
    },
  };
}

/** Rekor v1: create an entry, and read entries back by UUID or log index (the in-memory log of this run). */
export function createRekor(tlog: TLog) {
  const byUuid = new Map<string, RekorEntry>();
  const byIndex = new Map<number, string>();
  return {
    async create(body: string): Promise<Reply> {
      let proposed: ProposedDsse;
      let logged: object;
      try {
        proposed = JSON.parse(body) as ProposedDsse;
        logged =
          proposed.kind === 'dsse' && proposed.apiVersion === '0.0.1'
            ? canonicalDsseBody(proposed)
            : proposed;
      } catch (e) {
        return json(400, { code: 400, message: (e as Error).message });
      }
      const answer = await tlog.log(logged);
      for (const [uuid, entry] of Object.entries(answer)) {
        byUuid.set(uuid, entry);
        byIndex.set(entry.logIndex, uuid);
      }
      return json(201, answer);
    },
    get(uuid: string): Reply {
      const entry = byUuid.get(uuid);
      return entry
        ? json(200, { [uuid]: entry })
        : json(404, { code: 404, message: 'Entry not found' });
    },
    getByIndex(index: number): Reply {
      const uuid = byIndex.get(index);
      return uuid ? this.get(uuid) : json(404, { code: 404, message: 'Entry not found' });
    },
  };
}
