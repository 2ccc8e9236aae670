import { after, before } from 'node:test';
import { startSandbox, type Sandbox, type SandboxOptions } from '@trustpub/sandbox';

/** Work of a suite's own around the sandbox's start and stop. */
export interface SandboxHooks {
  /**
   * Runs in the start hook once the sandbox is up (seeding, trusted publishers): node starts a file's
   * top-level before() hooks together, so a second hook could not count on the sandbox being there.
   */
  setUp?: (sandbox: Sandbox) => Promise<void>;
  /** Runs in the stop hook before the sandbox stops, e.g. to let requests a test left running end. */
  beforeStop?: () => Promise<void>;
}

/**
 * One sandbox for the test file: started before its first test, stopped after its last. The returned
 * object stands for that sandbox (`sandbox.registry`, `sandbox.seed(...)`), so suites declare it in one
 * line instead of repeating the before/after pair.
 */
export function useSandbox(options?: SandboxOptions, hooks: SandboxHooks = {}): Sandbox {
  let current: Sandbox | undefined;
  before(async () => {
    current = await startSandbox(options);
    await hooks.setUp?.(current);
  });
  after(async () => {
    await hooks.beforeStop?.();
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
