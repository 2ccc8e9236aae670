import semver from 'semver';

/**
 * The npm dist-tag for a semantic-release channel, as `@semantic-release/npm` derives it: the default
 * channel (`null`, `undefined` or empty) is `latest`; a channel that is a valid semver range (a
 * maintenance branch such as `1.x`) is prefixed with `release-`, because npm refuses dist-tags that
 * parse as ranges; any other channel is used as is (`next`, `beta`).
 */
export function distTagForChannel(channel: string | null | undefined): string {
  if (!channel) return 'latest';
  return semver.validRange(channel) ? `release-${channel}` : channel;
}
