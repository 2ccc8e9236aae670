/**
 * The run's secret registry. Every token trustpub mints or reads (ID tokens, exchanged tokens, fallback
 * and install tokens) is added here the moment it exists; every log line and error message passes
 * through `redact` before it leaves the core.
 */
export interface Secrets {
  add(value: string | undefined): void;
  redact(text: string): string;
  has(value: string): boolean;
}

const REDACTED = '***';
/** Shapes that are credentials even when nobody registered them (URL user info, bearer headers, npmrc keys). */
const PATTERNS: RegExp[] = [
  /(\/\/[^/\s:@]*:)[^@\s/]+(?=@)/g,
  /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /(_authToken\s*=\s*)[^\s]+/g,
  /(_auth\s*=\s*)[^\s]+/g,
  /(npm-otp:\s*)\S+/gi,
];

export function createSecrets(onSecret?: (value: string) => void): Secrets {
  const values = new Set<string>();
  return {
    add(value) {
      // Short values would redact ordinary words; real tokens are far longer.
      if (!value || value.length < 8 || values.has(value)) return;
      values.add(value);
      onSecret?.(value);
    },
    has: (value) => values.has(value),
    redact(text) {
      let out = text;
      for (const v of values) out = out.split(v).join(REDACTED);
      for (const p of PATTERNS) out = out.replace(p, `$1${REDACTED}`);
      return out;
    },
  };
}
