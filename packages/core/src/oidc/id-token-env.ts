import type { CoreContext } from '../kernel/index.js';

/**
 * `NPM_ID_TOKEN`, the variable npm reads on every supported CI before anything else (GitLab and CircleCI
 * have no other way; on GitHub it overrides the request flow). Registered as a secret at once.
 */
export function idTokenFromEnv(ctx: CoreContext): string | undefined {
  const value = ctx.env.NPM_ID_TOKEN?.trim();
  if (!value) return undefined;
  ctx.secrets.add(value);
  return value;
}
