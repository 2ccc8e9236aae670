// The semantic-release plugin: the one module whose named exports are hook names (semantic-release
// loads a plugin's named exports as its steps). Each hook only translates to @trustpub/core.
import { addChannelRelease } from './add-channel.js';
import { prepareRelease } from './prepare-release.js';
import { publishRelease } from './publish-release.js';
import type { ReleaseContext, ReleaseResult } from './release-context.js';
import { endRun } from './run-state.js';
import { ensureVerified, verifyRun } from './verify.js';

type PluginConfig = Readonly<Record<string, unknown>>;

/** Validates the options and diagnoses trusted publishing for every package, before any tag exists. */
export async function verifyConditions(
  pluginConfig: PluginConfig,
  context: ReleaseContext,
): Promise<void> {
  await verifyRun(pluginConfig, context);
}

/** Writes `nextRelease.version` (and, with `tarballDir`, packs the tarballs). */
export async function prepare(pluginConfig: PluginConfig, context: ReleaseContext): Promise<void> {
  const state = await ensureVerified(pluginConfig, context);
  await prepareRelease(state, context);
}

/** Publishes through trusted publishing; returns the release for semantic-release's report. */
export async function publish(
  pluginConfig: PluginConfig,
  context: ReleaseContext,
): Promise<ReleaseResult | false> {
  const state = await ensureVerified(pluginConfig, context);
  return publishRelease(state, context);
}

/** Moves the channel's dist-tag to the released version. */
export async function addChannel(
  pluginConfig: PluginConfig,
  context: ReleaseContext,
): Promise<ReleaseResult | false> {
  const state = await ensureVerified(pluginConfig, context);
  return addChannelRelease(state, context);
}

/** Ends the run: closes its registry connections so the process can exit at once. */
export async function success(_pluginConfig: PluginConfig, context: ReleaseContext): Promise<void> {
  await endRun(context);
}

/** Ends a failed run the same way. */
export async function fail(_pluginConfig: PluginConfig, context: ReleaseContext): Promise<void> {
  await endRun(context);
}
