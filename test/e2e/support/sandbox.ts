import { after, before } from 'node:test';
import { startSandbox, type Sandbox, type SandboxOptions, type UserToken } from '@trustpub/sandbox';

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
  return lateBound(() => current, 'the sandbox');
}

/**
 * useSandbox() and a maintainer of its packages: a user token with 2FA (`user.token`, `user.otp()`),
 * created in the start hook, for the suites that drive the trust and stage APIs.
 */
export function useSandboxWithUser(
  options?: SandboxOptions,
  hooks: SandboxHooks = {},
): { sandbox: Sandbox; user: UserToken } {
  let user: UserToken | undefined;
  const sandbox = useSandbox(options, {
    ...hooks,
    setUp: async (started) => {
      user = await started.createUserToken();
      await hooks.setUp?.(started);
    },
  });
  return { sandbox, user: lateBound(() => user, 'the sandbox user') };
}

/** Stands for the object the start hook creates, so a suite can name it at the top of the file. */
function lateBound<T extends object>(get: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_target, prop) {
      const current = get();
      if (!current) throw new Error(`useSandbox(): ${what} is used before its before() hook ran`);
      const value: unknown = Reflect.get(current, prop);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(current)
        : value;
    },
  });
}
