import path from 'node:path';
import type { CoreContext, IdTokenCache } from '@trustpub/core';
import { createCoreContext } from './core-context.js';
import type { PluginOptions } from './options.js';
import type { ReleaseContext, ReleaseLogger } from './release-context.js';

/** Everything one semantic-release run of this plugin keeps between its steps. */
export interface RunState {
  readonly ctx: CoreContext;
  readonly options: PluginOptions;
  /** The logger of the step running now (semantic-release scopes a new one per step). */
  logger: ReleaseLogger;
  verified: boolean;
  /** One ID token per audience for the whole run, shared by the diagnosis and the publish. */
  idTokens: IdTokenCache | undefined;
  /** The version `prepare` wrote; `publish` writes it itself when prepare did not run. */
  preparedVersion: string | undefined;
  /** Tarballs `prepare` wrote into `tarballDir`, by package name: `publish` uploads exactly these. */
  readonly tarballs: Map<string, string>;
}

/*
 * semantic-release deep-clones `pluginConfig` and `context` for every step, so neither is the same
 * object twice and a WeakMap on them would forget everything between steps. Two values do survive:
 * `context.stdout` (passed by reference, one per semanticRelease() call unless the caller shares
 * process.stdout) and `context.cwd`. multi-semantic-release runs its packages concurrently in one
 * process with a cwd each, so the pair identifies one run; the stream key lets the run's state be
 * collected with its streams.
 */
const runs = new WeakMap<object, Map<string, RunState>>();

const runKey = (context: ReleaseContext): string => path.resolve(context.cwd);

function runsOf(context: ReleaseContext): Map<string, RunState> {
  let byCwd = runs.get(context.stdout);
  if (!byCwd) {
    byCwd = new Map();
    runs.set(context.stdout, byCwd);
  }
  return byCwd;
}

/** Starts a fresh run (verifyConditions always does: a later run in the same process starts clean). */
export function startRun(context: ReleaseContext, options: PluginOptions): RunState {
  const previous = runsOf(context).get(runKey(context));
  if (previous) void closeState(previous);
  // The core logs through whichever step is running now; the closure reads the field at call time.
  const ctx = createCoreContext(context, () => state.logger);
  const state: RunState = {
    ctx,
    options,
    logger: context.logger,
    verified: false,
    idTokens: undefined,
    preparedVersion: undefined,
    tarballs: new Map(),
  };
  runsOf(context).set(runKey(context), state);
  return state;
}

/** The state of the current run, or undefined when verifyConditions has not run in it. */
export function findRun(context: ReleaseContext): RunState | undefined {
  const state = runsOf(context).get(runKey(context));
  if (state) state.logger = context.logger;
  return state;
}

/** Ends the run: closes its HTTP connections and forgets it. */
export async function endRun(context: ReleaseContext): Promise<void> {
  const byCwd = runsOf(context);
  const state = byCwd.get(runKey(context));
  byCwd.delete(runKey(context));
  if (state) await closeState(state);
}

async function closeState(state: RunState): Promise<void> {
  try {
    await state.ctx.dispatcher.close();
  } catch {
    // Already closed: nothing to release.
  }
}
