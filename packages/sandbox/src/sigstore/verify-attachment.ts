import crypto from 'node:crypto';
import fs from 'node:fs';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { readFulcioExtensions, type FulcioExtensions } from './cert-extensions.js';
import { normalizeRepositoryUrl, rawRepositoryUrl } from './repository-url.js';

/** What `GET /-/npm/v1/attestations/<name>@<version>` serves for this bundle (one element of `attestations`). */
export interface ProvenanceAttestation {
  predicateType: string;
  bundle: unknown;
}

export type AttachmentVerdict =
  { ok: true; attestation: ProvenanceAttestation } | { ok: false; status: 422; message: string };

export interface AttachmentContext {
  tarball: Uint8Array;
  manifest: { name: string; version: string; repository?: unknown };
  /** Path of the trusted-root JSON file, or the parsed trusted root. */
  trustedRoot: string | object;
}

const PREFIX = 'Error verifying sigstore provenance bundle: ';
const INTOTO = 'application/vnd.in-toto+json';
const verifiers = new Map<string, Verifier>();

class Refusal extends Error {}
const refuse = (message: string): never => {
  throw new Refusal(message);
};

/**
 * What npmjs does with a `<name>-<version>.sigstore` attachment on publish: the bundle must verify
 * against the trust root (certificate chain, SCT, transparency-log entry and its timestamp), hold one
 * in-toto subject naming this package's purl and the tarball's sha512, come from a hosted runner and a
 * public source repository, and that repository must be the one in `package.json`. Refusals are 422s
 * with npmjs's texts where they are known (docs/protocol.md, provenance), prefixed as npmjs prefixes them.
 */
export function verifyProvenanceAttachment(
  bundleJson: string,
  ctx: AttachmentContext,
): Promise<AttachmentVerdict> {
  try {
    return Promise.resolve({ ok: true, attestation: verify(bundleJson, ctx) });
  } catch (e) {
    const message = e instanceof Refusal ? e.message : (e as Error).message;
    return Promise.resolve({ ok: false, status: 422, message: `${PREFIX}${message}` });
  }
}

function verify(bundleJson: string, ctx: AttachmentContext): ProvenanceAttestation {
  let json: unknown;
  try {
    json = JSON.parse(bundleJson);
  } catch (e) {
    return refuse(`Invalid provenance bundle: ${(e as Error).message}`);
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (e) {
    return refuse(`Invalid provenance bundle: ${(e as Error).message}`);
  }
  if (bundle.content.$case !== 'dsseEnvelope')
    return refuse('No dsseEnvelope with payload found in sigstore bundle');
  verifierFor(ctx.trustedRoot).verify(toSignedEntity(bundle));

  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== INTOTO) {
    refuse(`Unsupported DSSE payload type "${envelope.payloadType}", expected "${INTOTO}"`);
  }
  const statement = parseStatement(Buffer.from(envelope.payload));
  checkSubject(statement, ctx);

  const certDer = leafCertificate(bundle);
  const ext = readFulcioExtensions(certDer);
  checkBuildEnvironment(ext);
  const expected = ext.sourceRepositoryUri ?? refuse('Missing SourceRepositoryUri');
  const raw = rawRepositoryUrl(ctx.manifest.repository);
  if (normalizeRepositoryUrl(raw) !== expected) {
    refuse(
      `Failed to validate repository information: package.json: "repository.url" is "${raw}", expected to match "${expected}" from provenance`,
    );
  }
  return { predicateType: String(statement.predicateType), bundle: json };
}

function verifierFor(trustedRoot: string | object): Verifier {
  const key = typeof trustedRoot === 'string' ? trustedRoot : JSON.stringify(trustedRoot);
  let verifier = verifiers.get(key);
  if (!verifier) {
    const parsed =
      typeof trustedRoot === 'string'
        ? (JSON.parse(fs.readFileSync(trustedRoot, 'utf8')) as unknown)
        : trustedRoot;
    // A tlog entry with a signed entry timestamp, the embedded SCT and one timestamp: what public-good npm bundles carry.
    verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(parsed)), {
      tlogThreshold: 1,
      ctlogThreshold: 1,
      timestampThreshold: 1,
    });
    // Keyed by path: a sandbox restart rewrites the file with the same keys, so a cached verifier stays right.
    verifiers.set(key, verifier);
  }
  return verifier;
}

interface Statement {
  _type?: unknown;
  predicateType?: unknown;
  subject?: { name?: unknown; digest?: { sha512?: unknown } }[];
}

function parseStatement(payload: Buffer): Statement {
  try {
    return JSON.parse(payload.toString('utf8')) as Statement;
  } catch (e) {
    return refuse(`Failed to parse payload from dsseEnvelope: ${(e as Error).message}`);
  }
}

/** The package URL npm puts in the subject: `pkg:npm/%40scope/name@1.0.0` (no repository_url for the default registry). */
export function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

function checkSubject(statement: Statement, ctx: AttachmentContext): void {
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  if (subjects.length === 0) refuse('No subject found in sigstore bundle payload');
  if (subjects.length > 1) refuse('Found more than one subject in the sigstore bundle payload');
  const subject = subjects[0] ?? {};
  const purl = npmPurl(ctx.manifest.name, ctx.manifest.version);
  if (subject.name !== purl)
    refuse(`Provenance subject ${String(subject.name)} does not match the package: ${purl}`);
  const digest = crypto.createHash('sha512').update(ctx.tarball).digest('hex');
  if (subject.digest?.sha512 !== digest)
    refuse('Provenance subject digest does not match the package');
}

function leafCertificate(bundle: Bundle): Buffer<ArrayBuffer> {
  const material = bundle.verificationMaterial.content;
  if (material.$case === 'certificate') return Buffer.from(material.certificate.rawBytes);
  if (material.$case === 'x509CertificateChain') {
    const first = material.x509CertificateChain.certificates[0];
    if (first) return Buffer.from(first.rawBytes);
  }
  return refuse('Provenance bundle is not signed with a Fulcio certificate');
}

/** Hosted runners and public sources only, as npmjs requires for provenance. */
function checkBuildEnvironment(ext: FulcioExtensions): void {
  const github = ext.buildSignerUri?.startsWith('https://github.com/') ?? false;
  const hosted = github ? 'github-hosted' : 'gitlab-hosted';
  const ci = github ? 'GitHub Actions' : 'GitLab CI/CD';
  if (ext.runnerEnvironment !== undefined && ext.runnerEnvironment !== hosted) {
    refuse(
      `Unsupported ${ci} runner environment: "${ext.runnerEnvironment}". Only "${hosted}" runners are supported when publishing with provenance.`,
    );
  }
  if (ext.sourceRepositoryVisibility !== undefined && ext.sourceRepositoryVisibility !== 'public') {
    refuse(
      `Unsupported ${ci} source repository visibility: "${ext.sourceRepositoryVisibility}". Only public source repositories are supported when publishing with provenance.`,
    );
  }
  if (!ext.sourceRepositoryRef) refuse('Missing SourceRepositoryRef');
}
