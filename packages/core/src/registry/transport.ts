import { isIP } from 'node:net';
import { FIXES, TrustpubError } from '../errors/index.js';

/**
 * Whether `host` (a URL's hostname) is this machine: 127.0.0.0/8, ::1 or `localhost`. Only addresses
 * count, never a name that merely contains them (`127.0.0.1.nip.io` resolves wherever its owner likes).
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/** Whether a credential may travel to `url`: over https, or over plain http to this machine only. */
export function tokenTransportAllowed(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * Refuses, before any connection is made, to send an ID token, an exchanged token or any other
 * credential in plain text to another machine: anyone on the path could read it and, since the
 * audience names only the host, replay an ID token against the real registry.
 *
 * @param what the request or setting, in words ("the registry for @acme/a (from .npmrc)").
 * @throws TrustpubError `TOKEN_TRANSPORT_INSECURE`
 */
export function checkTokenTransport(url: string | URL, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // an unparsable URL is refused by the code that needs it, with its own code
  }
  if (tokenTransportAllowed(parsed)) return;
  const secure = new URL(parsed.href);
  secure.protocol = 'https:';
  throw new TrustpubError(
    'TOKEN_TRANSPORT_INSECURE',
    `Refused to send a token to ${parsed.origin}${parsed.pathname} (${what}): it is plain http to another machine, so the token would travel unencrypted. Nothing was sent.`,
    {
      hint: FIXES.TOKEN_TRANSPORT_INSECURE({ httpsUrl: `${secure.origin}${secure.pathname}` }),
      details: { url: `${parsed.origin}${parsed.pathname}` },
    },
  );
}
