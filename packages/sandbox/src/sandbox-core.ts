import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Issuer } from './issuer.js';
import { loadRegistryState, saveRegistryState } from './registry-state.js';
import type { ExchangedToken, PendingWebAuth, UserTokenRecord } from './core-records.js';
import { loopbackRequest, type LoopbackAnswer } from './http-util.js';
import { recordMinted } from './minted-log.js';
import type { SandboxLog } from './sandbox-log.js';
import type { RecordedRequest, TrustConfig } from './types.js';
import { MintReserve } from './mint-reserve.js';
import { RegistryActivity } from './registry-activity.js';
import { basic, type VerdaccioTokens } from './verdaccio-tokens.js';
import type { SandboxUsers } from './verdaccio-server.js';

export interface CoreSettings {
  latencyMs: number;
  /** How long the emulated CDN serves a cached anonymous packument read (0: no CDN). */
  cdnCacheMs: number;
  exchangeTokenTtlMs: number;
  /** Tokens for exchanges kept minted ahead. */
  exchangeReserve: number;
  trustRateLimit: { requests: number; perMs: number };
  restrictedScope: string;
  exchangedTokensForDistTags: boolean;
  /** Epoch ms for one-time-password checks. */
  otpClock: () => number;
}

/**
 * The sandbox's state and the few operations every handler needs: its own Verdaccio reached over
 * loopback (requests marked internal skip the gateway), the issuer, and the registries of trust
 * configurations, tokens and attestations that npmjs has and Verdaccio lacks.
 */
export class SandboxCore {
  readonly trust = new Map<string, TrustConfig>();
  readonly exchanged = new Map<string, ExchangedToken>();
  readonly userTokens = new Map<string, UserTokenRecord>();
  readonly readTokens = new Set<string>();
  readonly webAuths = new Map<string, PendingWebAuth>();
  /** Attestations by `name@version`, in the shape `GET /-/npm/v1/attestations/...` serves them. */
  readonly attestations = new Map<string, { predicateType: string; bundle: unknown }>();
  /** Packages published with `access: restricted` (the restricted scope is always restricted). */
  readonly restrictedPackages = new Set<string>();
  private readonly attestedPackages = new Set<string>();
  readonly records: RecordedRequest[] = [];
  /** Set once the local Sigstore is up. */
  trustedRootPath = '';
  /** The requests being worked on, so that background work waits for a quiet moment. */
  readonly activity = new RegistryActivity();
  /** Tokens for exchanges minted ahead; topped up once start-up has created the user's token list. */
  readonly reserve: MintReserve;

  constructor(
    readonly settings: CoreSettings,
    readonly port: number,
    readonly registry: string,
    readonly issuer: Issuer,
    readonly users: SandboxUsers,
    readonly tokens: VerdaccioTokens,
    readonly internalHeader: Record<string, string>,
    /** The state dir: Verdaccio's storage is in `storage/`, the gateway's own state beside it. */
    readonly dir: string,
    /** Where answers the sandbox could not give are explained (`sandbox.log`). */
    readonly log: SandboxLog,
  ) {
    this.reserve = new MintReserve(
      async () => {
        const minted = await tokens.mint(users.oidc, false);
        recordMinted('exchanged-token', minted.token);
        return minted;
      },
      settings.exchangeReserve,
      () => this.activity.idle(),
      (error) => log.failure('minting tokens for exchanges ahead failed', error),
    );
    const saved = loadRegistryState(dir);
    for (const [name, config] of Object.entries(saved.trust)) this.trust.set(name, config);
    for (const name of saved.restrictedPackages) this.restrictedPackages.add(name);
    for (const [spec, attestation] of Object.entries(saved.attestations)) {
      this.attestations.set(spec, attestation);
      this.attestedPackages.add(spec.slice(0, spec.lastIndexOf('@')));
    }
  }

  /** Saves trust configurations, restricted packages and attestations, so a restart in `dir` keeps them. */
  persist(): void {
    saveRegistryState(this.dir, {
      trust: Object.fromEntries(this.trust),
      restrictedPackages: [...this.restrictedPackages],
      attestations: Object.fromEntries(this.attestations),
    });
  }

  /** A request straight to Verdaccio, as the admin user unless other headers say otherwise. */
  internal(
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders = {},
    body?: Buffer | string,
  ): Promise<LoopbackAnswer> {
    return loopbackRequest(
      this.port,
      method,
      path,
      { authorization: basic(this.users.admin), ...headers, ...this.internalHeader },
      body,
    );
  }

  /** A client's request handed to Verdaccio unchanged in its credentials (no admin fallback). */
  passThrough(
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body?: Buffer,
  ): Promise<LoopbackAnswer> {
    return loopbackRequest(this.port, method, path, { ...headers, ...this.internalHeader }, body);
  }

  /**
   * Whether a package exists, read from Verdaccio's storage on disk: far cheaper than asking Verdaccio
   * for the packument on every exchange (local-storage keeps `<storage>/<name>/package.json`).
   */
  packageExists(name: string): boolean {
    return fs.existsSync(path.join(this.dir, 'storage', name, 'package.json'));
  }

  hasAttestations(name: string): boolean {
    return this.attestedPackages.has(name);
  }

  /**
   * Records (and saves) the attestation of a version about to be stored; the packument and the attestations
   * endpoint serve it once the version exists. Recorded before the version is written, so a crash in
   * between leaves at worst an attestation without a version, never a version without its provenance.
   */
  addAttestation(
    name: string,
    version: string,
    attestation: { predicateType: string; bundle: unknown },
  ): void {
    this.attestations.set(`${name}@${version}`, attestation);
    this.attestedPackages.add(name);
    this.persist();
  }

  /** Takes back an attestation recorded for a version the registry then refused. */
  dropAttestation(name: string, version: string): void {
    if (!this.attestations.delete(`${name}@${version}`)) return;
    if (![...this.attestations.keys()].some((k) => k.slice(0, k.lastIndexOf('@')) === name))
      this.attestedPackages.delete(name);
    this.persist();
  }

  isRestricted(name: string): boolean {
    return (
      name.startsWith(`${this.settings.restrictedScope}/`) || this.restrictedPackages.has(name)
    );
  }

  /** Mints the exchanged token for one package; it is revoked in Verdaccio when its lifetime ends. */
  async mintExchanged(
    packageName: string,
    config: TrustConfig,
  ): Promise<{ token: string; created: number; expires: number }> {
    const { token, key } = await this.reserve.take();
    const created = Date.now();
    const expiresAt = created + this.settings.exchangeTokenTtlMs;
    const record: ExchangedToken = {
      packageName,
      key,
      expiresAt,
      configId: config.id,
      provider: config.type,
      revoked: undefined,
      timer: setTimeout(
        () =>
          void this.expire(record).catch((error: unknown) =>
            this.log.failure(`revoking the exchanged token for ${packageName} failed`, error),
          ),
        this.settings.exchangeTokenTtlMs,
      ),
    };
    record.timer.unref();
    this.exchanged.set(token, record);
    return { token, created, expires: expiresAt };
  }

  /** Revokes an exchanged token in Verdaccio (once); later requests with it get Verdaccio's own 403. */
  expire(record: ExchangedToken): Promise<void> {
    // Every caller waits for the same revocation, so no request slips through while it is in flight.
    if (!record.revoked) {
      clearTimeout(record.timer);
      record.revoked = this.tokens.revoke(this.users.oidc, record.key);
    }
    return record.revoked;
  }

  record(r: RecordedRequest): void {
    this.records.push(r);
  }

  /** Set by `stop()`: from then on the gateway drops every new client request, as a closed server would. */
  closing = false;

  /**
   * Stops taking requests and lets the ones in flight finish (at most `drainMs`): new client requests are
   * dropped, as a closed server would drop them, while the requests already being handled are answered
   * and the reserve's mint in flight ends. Without the wait, a request cut off by the close went on in
   * Verdaccio (an upload stored after its connection was gone, unrecorded and unanswered), and Verdaccio
   * logged a mint failing under it.
   */
  async stop(drainMs = 5000): Promise<void> {
    this.closing = true;
    for (const r of this.exchanged.values()) clearTimeout(r.timer);
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, drainMs);
    });
    await Promise.race([Promise.all([this.reserve.stop(), this.activity.idle()]), cap]);
    clearTimeout(timer);
  }
}
