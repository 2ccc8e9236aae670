import { after, before } from 'node:test';
import { startSandbox, type Sandbox, type SandboxOptions } from '@trustpub/sandbox';

/**
 * One sandbox for the test file: started before its first test, stopped after its last. The returned
 * object stands for that sandbox (`sandbox.registry`, `sandbox.seed(...)`), so suites declare it in one
 * line instead of repeating the before/after pair.
 */
export function useSandbox(options?: SandboxOptions): Sandbox {
  let current: Sandbox | undefined;
  before(async () => {
    current = await startSandbox(options);
  });
  after(async () => {
    await current?.stop();
  });
  return new Proxy({} as Sandbox, {
    get(_target, prop) {
      if (!current)
        throw new Error('useSandbox(): the sandbox is used before its before() hook ran');
      const value: unknown = Reflect.get(current, prop);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(current)
        : value;
    },
  });
}
