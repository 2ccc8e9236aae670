// Shared helpers for core tests (excluded from the published package by the `*.test.*` pattern).
import { createContext, type CoreContext, type ContextOverrides, type Logger } from './context.js';
import { isTrustpubError, type TrustpubErrorCode } from '../errors/index.js';

/** An unsigned JWT (alg none), like npm's own OIDC fixtures build them: for local decoding only. */
export function fakeJwt(payload: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

/** A logger that keeps every line, so tests can assert that no secret reached it. */
export function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return {
    lines,
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
  };
}

/** A context with a collecting logger and instant sleeps (retries are exercised, not waited for). */
export function testContext(
  overrides: ContextOverrides = {},
): CoreContext & { lines: string[]; slept: number[] } {
  const logger = collectingLogger();
  const slept: number[] = [];
  const ctx = createContext({
    env: {},
    logger,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    onSecret: () => {},
    ...overrides,
  });
  return Object.assign(ctx, { lines: logger.lines, slept });
}

/** A predicate for assert.rejects/throws: a TrustpubError with this code. */
export function hasCode(code: TrustpubErrorCode) {
  return (e: unknown): boolean => {
    if (!isTrustpubError(e)) throw e;
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code}: ${e.message}`);
    return true;
  };
}
