import type { TrustConfig } from './types.js';

/** An exchanged (OIDC) token: a real Verdaccio token the gateway limits to one package and a lifetime. */
export interface ExchangedToken {
  packageName: string;
  key: string;
  expiresAt: number;
  configId: string;
  provider: TrustConfig['type'];
  /** Set once revocation started; resolves when Verdaccio has revoked the token. */
  revoked: Promise<void> | undefined;
  timer: NodeJS.Timeout;
}

/** A user token for the trust API, with its TOTP secret and its recent trust-API request times. */
export interface UserTokenRecord {
  otpSecret: string;
  recent: number[];
  /** Changes without `npm-otp` get npmjs's web 2FA challenge instead of a plain OTP request. */
  webAuth: boolean;
  /** One-time codes handed out by finished web logins, each valid once as `npm-otp`. */
  webCodes: Set<string>;
  /**
   * npmjs's "skip two-factor authentication for the next 5 minutes", ticked at a web login: until
   * then (otpClock ms) this user's changes need no one-time password.
   */
  skip2faUntil?: number;
}

/** One pending web login: approved when someone opens its `authUrl`. */
export interface PendingWebAuth {
  user: UserTokenRecord;
  approved: boolean;
}
