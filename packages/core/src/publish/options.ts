import type { PublishOptions, SkipReason } from '../kernel/index.js';
import type { ExchangedToken } from '../oidc/index.js';
import type { NpmConfigReads, Packument } from '../registry/index.js';
import type { TrustpubError } from '../errors/index.js';

/** The steps of a publish that make requests or use the CPU, as `PublishPackageOptions.step` names them. */
export type PublishStep = 'pack' | 'auth' | 'provenance' | 'upload' | 'verify';

/** Hooks a release uses to schedule packages; a standalone publish needs none of them. */
export interface PublishPackageOptions extends PublishOptions {
  /**
   * The packument the release plan already read for this package (`{ packument: undefined }`: the
   * registry answered 404 or nothing readable), so the "already there?" check needs no request of its own.
   */
  known?: { packument: Packument | undefined };
  /**
   * Told once the package is packed and its tarball checked (manifest, secret scan), or why that failed,
   * before `beforeAuth`: a release's preflight judges the package's secrets by this scan.
   */
  onPacked?: (error: TrustpubError | undefined) => void;
  /**
   * Awaited after packing, before the exchange: a release holds every package here until its preflight's
   * verdict. An answer skips the package.
   */
  beforeAuth?: () => Promise<{ reason: SkipReason; message: string } | undefined>;
  /**
   * The package's token exchange when the caller makes it (a release hands over the one its preflight
   * made, while fresh); without it the publish exchanges right before signing.
   */
  exchange?: () => Promise<ExchangedToken>;
  /**
   * Awaited after packing, authentication and signing, right before the upload: a release holds a
   * dependent here until its dependencies are uploaded. An answer skips the upload with that reason.
   */
  beforeUpload?: () => Promise<{ reason: SkipReason; message: string } | undefined>;
  /** Called as soon as the registry accepted the upload (before the verification). */
  onUploaded?: () => void;
  /** npm's settings files, read once for all the packages of a release (as npm reads them once per run). */
  npmConfigReads?: NpmConfigReads;
  /** Runs each step (pack, exchange, signing, upload, verification): a release limits how many run at once. */
  step?: <T>(run: () => Promise<T>, kind: PublishStep) => Promise<T>;
}
