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

/** Secrets are never shorter than this; their first this-many characters index them. */
const MIN_LENGTH = 8;

export function createSecrets(onSecret?: (value: string) => void): Secrets {
  const values = new Set<string>();
  // A release registers a token per package and redacts every request's URL: looking up each window of
  // the text in this index keeps a redaction proportional to the text, not to the number of secrets.
  const byPrefix = new Map<string, string[]>();
  // The secrets' first characters: a window that starts with another character needs no lookup (most of
  // a URL or a log line), which spares a substring per character of every text redacted.
  const firstChars = new Set<number>();
  return {
    add(value) {
      // Short values would redact ordinary words; real tokens are far longer.
      if (!value || value.length < MIN_LENGTH || values.has(value)) return;
      values.add(value);
      const prefix = value.slice(0, MIN_LENGTH);
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), value]);
      firstChars.add(value.charCodeAt(0));
      onSecret?.(value);
    },
    has: (value) => values.has(value),
    redact(text) {
      const present = new Set<string>();
      for (let i = 0; i + MIN_LENGTH <= text.length; i++) {
        if (!firstChars.has(text.charCodeAt(i))) continue;
        for (const v of byPrefix.get(text.slice(i, i + MIN_LENGTH)) ?? [])
          if (text.startsWith(v, i)) present.add(v);
      }
      let out = text;
      // In the order they were registered, as when every secret was replaced in turn.
      if (present.size)
        for (const v of values) if (present.has(v)) out = out.split(v).join(REDACTED);
      for (const p of PATTERNS) out = out.replace(p, `$1${REDACTED}`);
      return out;
    },
  };
}
