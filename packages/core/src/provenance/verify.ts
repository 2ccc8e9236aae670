import { readFile } from 'node:fs/promises';
import type { Bundle } from '@sigstore/bundle';
import { definedFields, type CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError, isTrustpubError } from '../errors/index.js';
import { signerIdentity, type SignerIdentity } from './certificate.js';
import { INTOTO_PAYLOAD_TYPE, npmPurl } from './statement.js';

export interface ProvenanceExpectations {
  name: string;
  version: string;
  /** Hex sha512 of the published tarball. */
  tarballSha512Hex: string;
  /** `owner/repo`, `group/project`, or a repository URL; compared with the certificate's source repository. */
  repository?: string;
  /** Workflow file (`release.yml`) or path (`.github/workflows/release.yml`, `.gitlab-ci.yml`). */
  workflowPath?: string;
}

export interface VerifiedProvenance {
  predicateType: string;
  signer: SignerIdentity;
  rekorLogIndex?: string;
}

const fail = (message: string, hint: string = FIXES.VERIFY_PROVENANCE_INVALID.bundle): never => {
  throw new TrustpubError('VERIFY_PROVENANCE_INVALID', message, { hint });
};

/**
 * Verifies a provenance bundle the way a consumer would: signature, certificate chain, SCT and transparency
 * log against the trusted root in `TRUSTPUB_TRUSTED_ROOT` (a file; the public-good root through TUF when
 * unset), then that its single subject is this package's purl and tarball digest, and that it was signed
 * for the expected repository and workflow. Throws `VERIFY_PROVENANCE_INVALID` naming what differs.
 */
export async function verifyProvenanceBundle(
  input: string | object,
  expect: ProvenanceExpectations,
  ctx: Pick<CoreContext, 'env'>,
): Promise<VerifiedProvenance> {
  let json: unknown;
  let bundle: Bundle;
  // Loaded on first use, not at import: the sigstore libraries cost ~0.2 s of start-up for every command.
  const { bundleFromJSON } = await import('@sigstore/bundle');
  try {
    json = typeof input === 'string' ? JSON.parse(input) : input;
    bundle = bundleFromJSON(json);
  } catch (e) {
    return fail(
      `The provenance bundle of ${expect.name}@${expect.version} is not a Sigstore bundle: ${(e as Error).message}.`,
    );
  }
  await verifySignature(bundle, json, ctx);
  if (bundle.content.$case !== 'dsseEnvelope')
    return fail(
      `The provenance bundle of ${expect.name}@${expect.version} holds no DSSE envelope.`,
    );
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE)
    fail(
      `The provenance bundle's payload type is "${envelope.payloadType}", not "${INTOTO_PAYLOAD_TYPE}".`,
    );
  const statement = parseStatement(Buffer.from(envelope.payload));
  checkSubject(statement, expect);

  const signer = signerIdentity(leafCertificate(bundle));
  if (expect.repository !== undefined) checkRepository(signer, expect);
  if (expect.workflowPath !== undefined) checkWorkflow(signer, expect.workflowPath);
  const logIndex = bundle.verificationMaterial.tlogEntries[0]?.logIndex;
  return {
    predicateType: String(statement.predicateType),
    signer,
    ...definedFields({ rekorLogIndex: logIndex }),
  };
}

async function verifySignature(
  bundle: Bundle,
  json: unknown,
  ctx: Pick<CoreContext, 'env'>,
): Promise<void> {
  const rootPath = ctx.env.TRUSTPUB_TRUSTED_ROOT;
  const [
    { TrustedRoot },
    { Verifier, toSignedEntity, toTrustMaterial },
    { verify: verifyWithPublicGood },
  ] = await Promise.all([
    import('@sigstore/protobuf-specs'),
    import('@sigstore/verify'),
    import('sigstore'),
  ]);
  try {
    if (rootPath) {
      let root: ReturnType<typeof TrustedRoot.fromJSON>;
      try {
        root = TrustedRoot.fromJSON(JSON.parse(await readFile(rootPath, 'utf8')));
      } catch (e) {
        throw new TrustpubError(
          'VERIFY_PROVENANCE_INVALID',
          `TRUSTPUB_TRUSTED_ROOT (${rootPath}) is not a readable Sigstore trusted root: ${(e as Error).message}.`,
          {
            hint: FIXES.VERIFY_PROVENANCE_INVALID.trustedRoot,
          },
        );
      }
      new Verifier(toTrustMaterial(root), {
        tlogThreshold: 1,
        ctlogThreshold: 1,
        timestampThreshold: 1,
      }).verify(toSignedEntity(bundle));
    } else {
      // TRUSTPUB_TUF_MIRROR_URL: where the public-good trusted root is fetched (a mirror inside a
      // closed network); unset, sigstore's own CDN.
      const mirror = ctx.env.TRUSTPUB_TUF_MIRROR_URL;
      await verifyWithPublicGood(
        json as Parameters<typeof verifyWithPublicGood>[0],
        mirror ? { tufMirrorURL: mirror } : {},
      );
    }
  } catch (e) {
    if (isTrustpubError(e)) throw e;
    const code = (e as { code?: unknown }).code;
    if (unreachable(e)) {
      // Nothing was checked: the trusted root could not be fetched. A different code, so that a
      // network problem is never read as a forged or broken bundle.
      throw new TrustpubError(
        'VERIFY_NETWORK',
        `Could not fetch the Sigstore trusted root to check the provenance signature: ${typeof code === 'string' ? `${code}: ` : ''}${(e as Error).message}. The bundle itself was not judged.`,
        {
          hint: FIXES.VERIFY_NETWORK,
          cause: e,
        },
      );
    }
    fail(
      `The provenance bundle does not verify against ${rootPath ? `the trusted root in ${rootPath}` : 'the public-good Sigstore trusted root'}: ${typeof code === 'string' ? `${code}: ` : ''}${(e as Error).message}.`,
    );
  }
}

/**
 * Whether a verification error is the trusted root's download failing (sigstore's TUF errors, or a
 * socket error anywhere in the cause chain) rather than the bundle failing a check.
 */
function unreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 6; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (code.startsWith('TUF_') || NETWORK_CODES.has(code)))
      return true;
    if (typeof message === 'string' && /fetch failed|getaddrinfo|socket hang up/i.test(message))
      return true;
    e = cause;
  }
  return false;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

interface Statement {
  predicateType?: unknown;
  subject?: { name?: unknown; digest?: { sha512?: unknown } }[];
}

function parseStatement(payload: Buffer): Statement {
  try {
    return JSON.parse(payload.toString('utf8')) as Statement;
  } catch (e) {
    return fail(`The provenance statement is not JSON: ${(e as Error).message}.`);
  }
}

function checkSubject(statement: Statement, expect: ProvenanceExpectations): void {
  const subjects = Array.isArray(statement.subject) ? statement.subject : [];
  if (subjects.length !== 1)
    fail(
      `The provenance statement has ${subjects.length} subjects; npm provenance has exactly one.`,
    );
  const subject = subjects[0] ?? {};
  const purl = npmPurl(expect.name, expect.version);
  if (subject.name !== purl)
    fail(`The provenance subject is ${String(subject.name)}, not this package (${purl}).`);
  if (subject.digest?.sha512 !== expect.tarballSha512Hex) {
    fail(
      `The provenance subject's sha512 (${String(subject.digest?.sha512)}) is not the digest of the published tarball (${expect.tarballSha512Hex}).`,
    );
  }
}

function leafCertificate(bundle: Bundle): Buffer<ArrayBuffer> {
  const m = bundle.verificationMaterial.content;
  if (m.$case === 'certificate') return Buffer.from(m.certificate.rawBytes);
  if (m.$case === 'x509CertificateChain' && m.x509CertificateChain.certificates[0]) {
    return Buffer.from(m.x509CertificateChain.certificates[0].rawBytes);
  }
  return fail('The provenance bundle is not signed with a Fulcio certificate.');
}

/** `owner/repo` from `owner/repo`, `https://host/owner/repo(.git)`, `git+https://...`. */
function repositoryPath(value: string): string {
  const s = value.trim().replace(/^git\+/, '');
  let p = s;
  try {
    if (/^[a-z+]+:\/\//i.test(s)) p = new URL(s).pathname;
  } catch {
    // not a URL: used as a path
  }
  return p
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

function checkRepository(signer: SignerIdentity, expect: ProvenanceExpectations): void {
  const actual = signer.sourceRepositoryUri;
  if (!actual) return fail('The provenance certificate names no source repository.');
  if (repositoryPath(actual) !== repositoryPath(expect.repository ?? '')) {
    fail(
      `The provenance was signed in ${actual}, not in ${expect.repository}.`,
      FIXES.VERIFY_PROVENANCE_INVALID.repository,
    );
  }
}

function checkWorkflow(signer: SignerIdentity, workflowPath: string): void {
  const uri = signer.buildConfigUri ?? signer.san ?? '';
  const file = uri.slice(0, uri.lastIndexOf('@') === -1 ? undefined : uri.lastIndexOf('@'));
  const wanted = workflowPath.replace(/^\.?\//, '');
  if (!file.endsWith(`/${wanted}`)) {
    fail(
      `The provenance was signed by the workflow ${uri || '(unknown)'}, not by ${workflowPath}.`,
      FIXES.VERIFY_PROVENANCE_INVALID.workflow,
    );
  }
}
