/**
 * The secrets a package must never carry. Each rule is a high-confidence shape: a format a service
 * hands out (fixed prefixes, lengths, a key block with its body), never a guess from entropy, so that
 * ordinary code, tests and documentation stay clean. Placeholders that documentation uses
 * (`${NPM_TOKEN}`, `<token>`, `xxxx`, AWS's `...EXAMPLE` keys) are not secrets.
 */
export interface SecretRule {
  id: string;
  /** What was found, for the error ("a PEM private key"). */
  title: string;
  /** Global, so every occurrence in a file is found; `secret` names the group holding the value. */
  pattern: RegExp;
  /** Only files whose path (inside the package) this accepts are searched with this rule. */
  appliesTo?: (path: string) => boolean;
  /** A match this answers false for is a placeholder, not a secret. */
  isSecret?: (value: string) => boolean;
}

const PLACEHOLDER =
  /x{4,}|\*{3,}|\.{3}|<[^>]*>|\$\{?[A-Z_]|\{\{|your|token|secret|example|changeme|redacted|placeholder|dummy|fake|sample/i;

/** A literal credential value: long enough, mixed characters, not a placeholder or a variable. */
export function isLiteralCredential(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v.length < 16 || PLACEHOLDER.test(v)) return false;
  if (new Set(v).size < 8) return false;
  return /[0-9]/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v)) || v.length >= 24;
}

/** The random part of a prefixed token: a run of one character is how docs write a placeholder. */
export function isRandomPart(value: string): boolean {
  return new Set(value).size >= 10 && !/(.)\1{5,}/.test(value);
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** `.env`, `.env.production`, `prod.env`: but not the templates people publish on purpose. */
export function isEnvFile(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (/\.(example|sample|template|dist|defaults|schema|test)$/.test(name)) return false;
  return name === '.env' || name.startsWith('.env.') || name.endsWith('.env');
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'private-key',
    title: 'a private key (PEM/OpenSSH)',
    // The header followed by a line of key material: a header quoted in docs or code is not a key.
    pattern:
      /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----\r?\n(?:[A-Za-z-]+:[^\n]*\r?\n|\r?\n)*(?<secret>[A-Za-z0-9+/=]{40,})\r?\n/g,
  },
  {
    id: 'private-key-json',
    title: 'a private key in JSON (e.g. a Google Cloud service-account key)',
    pattern:
      /"private_key"\s*:\s*"-----BEGIN (?:RSA )?PRIVATE KEY-----\\n(?<secret>[A-Za-z0-9+/=]{40,})/g,
  },
  {
    id: 'npm-token',
    title: 'an npm access token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    isSecret: (v) => isRandomPart(v.slice(4)),
  },
  {
    id: 'npmrc-auth',
    title: 'a registry credential (_authToken/_auth/_password line)',
    pattern:
      /^[ \t]*(?:\/\/[^\s=]*:)?(?:_authToken|_auth|_password)[ \t]*=[ \t]*(?<secret>[^\s#;]+)/gm,
    isSecret: isLiteralCredential,
  },
  {
    id: 'env-credential',
    title: 'a credential in an .env file',
    pattern:
      /^[ \t]*(?:export[ \t]+)?[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?|AUTH)[A-Z0-9_]*[ \t]*=[ \t]*(?<secret>[^\s#]+)/gim,
    appliesTo: isEnvFile,
    isSecret: isLiteralCredential,
  },
  {
    id: 'aws-access-key',
    title: 'an AWS access key id',
    pattern: /(?<![A-Z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})(?![A-Z0-9])/g,
    isSecret: (v) => !v.endsWith('EXAMPLE') && new Set(v.slice(4)).size >= 6,
  },
  {
    id: 'aws-secret-key',
    title: 'an AWS secret access key',
    pattern:
      /aws_?secret_?access_?key["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    isSecret: (v) => isLiteralCredential(v) && !/EXAMPLEKEY$/.test(v),
  },
  {
    id: 'github-token',
    title: 'a GitHub token',
    pattern:
      /(?<![A-Za-z0-9_])(?<secret>(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}))(?![A-Za-z0-9_])/g,
    isSecret: (v) => isRandomPart(v.slice(4)),
  },
  {
    id: 'slack-token',
    title: 'a Slack token',
    pattern: /(?<![A-Za-z0-9])(?<secret>xox[abposr]-\d{8,}-\d{8,}(?:-\d{8,})?-[A-Za-z0-9]{20,})/g,
  },
  {
    id: 'slack-webhook',
    title: 'a Slack webhook URL',
    pattern:
      /(?<secret>https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{24})/g,
  },
  {
    id: 'stripe-secret-key',
    title: 'a Stripe live secret key',
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:sk|rk)_live_[A-Za-z0-9]{24,})/g,
  },
];
