/**
 * The settings that point every package manager at the sandbox, as environment variables (each reads its
 * own): a client left on its default would send the job's ID-token exchange and its upload to the public
 * registry, and fall back to a token in the user's config there.
 */
export function clientRegistryEnv(registry: string): Record<string, string> {
  return {
    // npm, and pnpm 10, which reads npm's configuration.
    npm_config_registry: registry,
    // pnpm 11 and 12 no longer read npm_config_*: only their own prefix.
    pnpm_config_registry: registry,
    // yarn berry: installs and publishing, plain http allowed for the sandbox's host only.
    YARN_NPM_REGISTRY_SERVER: registry,
    YARN_NPM_PUBLISH_REGISTRY: registry,
    YARN_UNSAFE_HTTP_WHITELIST: new URL(registry).hostname,
    YARN_ENABLE_TELEMETRY: '0',
    // bun prefers its own variable over npm's.
    BUN_CONFIG_REGISTRY: registry,
  };
}
