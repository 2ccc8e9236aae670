/**
 * The fix of every "no answer at all" code (the registry, the exchange, the ID-token endpoint, the trust
 * API: registry/http.ts makes them all), so it is written once: the place the request went to, and what
 * to check there.
 */
export const NO_ANSWER = (c: { origin: string }) =>
  `Check that ${c.origin} is the right address and reachable from this machine (proxy, firewall, DNS); if it is, the service may be down: retry later.`;
