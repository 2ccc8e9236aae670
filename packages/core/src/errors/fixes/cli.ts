import type { TrustpubErrorCode } from '../errors.js';
import type { Fix } from './fix.js';

/**
 * Fixes: the command line, and the codes no failing step throws with a hint of its own: verification's
 * unreachable trust root (`trustpub verify`) and a package held back because a dependency failed.
 */
export const CLI_FIXES = {
  CLI_USAGE: {
    options: (c: { help: string }) => `Correct the command line; \`${c.help}\` lists the options.`,
    trustCommand: 'Name one of the commands below; `trustpub trust --help` lists them.',
  },
  VERIFY_NETWORK:
    'Allow HTTPS to tuf-repo-cdn.sigstore.dev and run `trustpub verify` again, or verify offline with TRUSTPUB_TRUSTED_ROOT pointing at a trusted_root.json file.',
  RELEASE_DEPENDENCY_FAILED:
    'Fix the failed dependency and re-run; published packages are recognised.',
} as const satisfies Partial<Record<TrustpubErrorCode, Fix>>;
