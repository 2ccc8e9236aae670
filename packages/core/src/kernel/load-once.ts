/**
 * A loader of modules that runs once per process, on first use: later calls get the same promise
 * (settled or not, rejected included: a module that cannot be loaded fails every use the same way).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}
