// What the demo's steps hand on to each other.
import type { Sandbox, UserToken } from '@trustpub/sandbox';
import type { Repo } from '../e2e/support/git.js';
import type { DemoEnv } from './demo-env.js';

export interface DemoState {
  env: DemoEnv;
  sandbox?: Sandbox;
  /** The maintainer's npm user token (for the trust API only; never printed). */
  user?: UserToken;
  repo?: Repo;
  /** What each release put on the registry: package name -> versions, in release order. */
  released: Map<string, string[]>;
  /** Which CI provider each released `name@version` was published from. */
  origins: Map<string, 'github' | 'gitlab'>;
}

/** The part of the state a step needs, or a clear error when an earlier step did not provide it. */
export function need<K extends keyof DemoState>(
  state: DemoState,
  key: K,
): NonNullable<DemoState[K]> {
  const value = state[key];
  if (value === undefined)
    throw new Error(`the demo has no ${String(key)} (an earlier step did not finish)`);
  return value;
}

/** Records a released version. */
export function recordRelease(
  state: DemoState,
  name: string,
  version: string,
  origin: 'github' | 'gitlab',
): void {
  state.released.set(name, [...(state.released.get(name) ?? []), version]);
  state.origins.set(`${name}@${version}`, origin);
}
